package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.RouteResult;
import org.jspecify.annotations.Nullable;

/**
 * An operation whose caller gets the whole response in a {@link RouteResult}: settled at once
 * ({@link SettlementStage#plain}), cached as one entry.
 *
 * @param <Q> the request type
 * @param <T> the response type
 */
abstract class PlainOperation<Q, T> extends Operation<Q, T, RouteResult<T>> {

  PlainOperation(String name, String callOperation, RequestType<Q> requests) {
    super(name, callOperation, false, requests);
  }

  /** The served call's usage: the provider's, else estimated from the prompt and the response. */
  abstract Usage usage(Call<Q, T, RouteResult<T>> call);

  /** The usage a stored response reports (a cache hit's). */
  abstract @Nullable Usage storedUsage(T stored);

  @Override
  RouteResult<T> settle(Call<Q, T, RouteResult<T>> call, SettlementStage stage) {
    return stage.plain(call, this);
  }

  @Override
  @SuppressWarnings("unchecked")
  RouteResult<T> replay(Call<Q, T, RouteResult<T>> call, Object stored, CacheStage stage) {
    T response = (T) stored;
    return stage.hit(call, response, storedUsage(response));
  }
}
