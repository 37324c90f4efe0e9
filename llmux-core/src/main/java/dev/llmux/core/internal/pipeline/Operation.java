package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.governance.Governance;
import dev.llmux.core.internal.governance.Ticket;
import dev.llmux.core.internal.routing.ModelCatalog;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one kind of call (chat, streamed chat, embeddings, responses, streamed responses, legacy
 * completions) needs from the pipeline's stages, and nothing else: which interceptor method wraps
 * it, what its request says ({@link RequestType}), how one attempt calls a provider, how its usage
 * is estimated and its result built, and how the response cache keys, stores and replays it. Every
 * operation runs through every stage; instances are stateless singletons ({@link Operations}).
 *
 * @param <Q> the request type
 * @param <V> what one successful attempt returns
 * @param <R> what the caller gets
 */
public abstract class Operation<Q, V, R> {
  /**
   * The operation's name in metrics and traces: {@code chat}, {@code embeddings}, {@code
   * text_completion}.
   */
  final String name;

  /** Its name in call records ({@code responses} are routed and metered as chat). */
  final String callOperation;

  /** Whether the caller gets a stream. */
  final boolean stream;

  /** What the stages read of the request. */
  final RequestType<Q> requests;

  Operation(String name, String callOperation, boolean stream, RequestType<Q> requests) {
    this.name = name;
    this.callOperation = callOperation;
    this.stream = stream;
    this.requests = requests;
  }

  /** Runs {@code chain} through {@code interceptor}'s method for this operation. */
  abstract R intercept(Interceptor interceptor, Interceptor.Chain<Q, R> chain);

  /**
   * Admits the call to {@code group}: its prompt, output cap and choices, as its chat shape says.
   */
  Ticket admit(Governance governance, Call<Q, V, R> call, ModelCatalog.Group group) {
    ChatCompletionRequest shape = call.chatShape();
    if (shape == null) { // only native upstreams can serve it: no prompt estimate
      return governance.admit(call.context, group, 0, null, 1);
    }
    int promptTokens = call.tokens().forModel(group.deployments().get(0).model());
    return governance.admit(
        call.context,
        group,
        promptTokens,
        shape.outputTokenLimit(),
        shape.n() == null ? 1 : shape.n());
  }

  /**
   * Serves the call through the response cache (which applies to it): answers a hit, or proceeds
   * and stores what comes back. By default the whole response is one entry ({@link #cacheKind()}).
   */
  R throughCache(Call<Q, V, R> call, CacheStage stage) {
    String kind = cacheKind();
    if (kind == null) {
      return call.proceed();
    }
    ResponseCache cache = stage.cache();
    CacheControl cc = call.cacheControl;
    String key = cache.key(kind, call.group().name(), call.request(), cc);
    Object stored = cache.get(key, cc, storedType());
    if (stored != null) {
      return replay(call, stored, stage);
    }
    if (stream) {
      call.cacheRecorder = recorder(cache, key, cc);
      return call.proceed();
    }
    R result = call.proceed();
    Object value = stored(result);
    if (value != null) {
      cache.put(key, value, cc);
    }
    return result;
  }

  /** The kind of cache entry ({@code chat}, {@code responses}...), or {@code null}: not cached. */
  @Nullable String cacheKind() {
    return null;
  }

  /** The type of a stored response. */
  Class<?> storedType() {
    throw new UnsupportedOperationException(name);
  }

  /** The answer made of a stored response (a cache hit). */
  R replay(Call<Q, V, R> call, Object stored, CacheStage stage) {
    throw new UnsupportedOperationException(name);
  }

  /** What a plain call stores of its result; {@code null}: nothing. */
  @Nullable Object stored(R result) {
    return ((RouteResult<?>) result).response();
  }

  /** For a stream: an observer that stores the stream once it completed normally. */
  StreamObserver<?> recorder(ResponseCache cache, String key, CacheControl cc) {
    throw new UnsupportedOperationException(name);
  }

  /**
   * The model deployment {@code d} is called with. A routed deployment names one: a wildcard
   * deployment gets the caller's model when its group is resolved ({@code ModelCatalog}).
   */
  static String upstreamModel(Deployment d) {
    return Objects.requireNonNull(d.model(), d.id());
  }

  /** One attempt: calls {@code provider} on deployment {@code d}. */
  abstract V attempt(Call<Q, V, R> call, Provider provider, Deployment d, CallOptions options);

  /**
   * What the caller gets once routing served the call: usage, cost, result (or a stream that
   * settles at its end).
   */
  abstract R settle(Call<Q, V, R> call, SettlementStage stage);
}
