package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.Deployment;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.governance.Ticket;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stage 6, the last: what the caller gets once routing served the call. A plain call's usage (the
 * provider's, else estimated), its cost from the deployment's price, its {@link RouteResult};
 * latency, usage and cost go to the routing statistics, meters, spans and call listeners ({@link
 * RouterTelemetry#settled}). A stream is handed over at once and settles at its end, through one
 * {@link StreamObserver}: the cache's recorder, then the admission ticket, then telemetry.
 *
 * <p>The admission ticket always settles before the call listeners hear of the call: a call's cost
 * is in the spend store before its spend-log row can exist, so a store that raises an account to
 * the spend log's total (a durable floor, {@code SpendHistory}) never counts a call twice.
 */
final class SettlementStage implements Stage {
  /**
   * The response of a stream's {@code RouteResult<Void>}: {@code null}, {@code Void}'s only value.
   * NullAway without JSpecify mode cannot see a nullable type argument ({@code
   * RouteResult<@Nullable Void>}), so this one {@code null} is declared a {@code Void}.
   */
  @SuppressWarnings("NullAway") // see above: null is the only Void; nothing dereferences it
  static final Void NO_RESPONSE = null;

  final RouterTelemetry telemetry;
  final Ticker ticker;
  private final RouterRouting routing;

  SettlementStage(RouterRouting routing, Ticker ticker) {
    this.routing = routing;
    this.telemetry = routing.telemetry;
    this.ticker = ticker;
  }

  @Override
  public <Q, V, R> R intercept(Call<Q, V, R> call) {
    return call.op.settle(call, this);
  }

  /** The cost of {@code usage} on {@code d}, or {@code null} when its price is unknown. */
  @Nullable Double cost(Deployment d, @Nullable Usage usage) {
    return routing.cost(d, usage);
  }

  /**
   * Settles a plain call: usage as {@code op} says, cost, result; telemetry is settled in any case.
   */
  <Q, T> RouteResult<T> plain(Call<Q, T, RouteResult<T>> call, PlainOperation<Q, T> op) {
    Usage usage = null;
    Double cost = null;
    try {
      usage = op.usage(call);
      cost = cost(call.deployment(), usage);
      RouteResult<T> r =
          result(
              call,
              call.value(),
              usage,
              cost,
              Duration.ofNanos(ticker.read() - call.startNanos),
              null);
      call.result = r;
      call.ticket.settle(r); // before the listeners (see the class comment); admission's is a no-op
      return r;
    } finally {
      telemetry.settled(call.scope(), usage, cost, null, "success", null);
    }
  }

  /** The result of a served call. */
  <T> RouteResult<T> result(
      Call<?, ?, ?> call,
      T value,
      @Nullable Usage usage,
      @Nullable Double cost,
      Duration latency,
      @Nullable Duration ttft) {
    Deployment d = call.deployment();
    return new RouteResult<>(
        value,
        call.requestId(),
        Objects.requireNonNull(call.requestedModel), // routed: the request names a model
        call.servedGroup(),
        d.id(),
        d.provider(),
        call.attempts(),
        latency,
        ttft,
        usage,
        cost,
        false,
        call.scope().callId);
  }

  /**
   * The observer a routed stream reports to: the cache's recorder when the call has one, then the
   * admission ticket's settlement, then {@code settle} (telemetry and the call listeners).
   */
  @SuppressWarnings("unchecked")
  <E> StreamObserver<E> observer(Call<?, ?, ?> call, StreamObserver<E> settle) {
    Ticket ticket = call.ticket;
    StreamObserver<E> o =
        ticket.isEmpty()
            ? settle
            : new StreamObserver<E>() {
              @Override
              public void onEnd(
                  RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
                ticket.settle(result);
              }
            }.andThen(settle);
    return call.cacheRecorder == null ? o : ((StreamObserver<E>) call.cacheRecorder).andThen(o);
  }
}
