package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.List;

/**
 * Stage 4: the response cache, when the router has one and the call's directives let it apply. How
 * an operation is keyed, stored and replayed is the operation's ({@link Operation#throughCache}); a
 * hit is answered here (cost 0, no attempts, reported to the call listeners), a miss proceeds and
 * is stored on the way back (a stream once it completed).
 */
final class CacheStage implements Stage {
  private final ResponseCache cache;
  private final RouterTelemetry telemetry;
  private final Ticker ticker;

  CacheStage(ResponseCache cache, RouterTelemetry telemetry, Ticker ticker) {
    this.cache = cache;
    this.telemetry = telemetry;
    this.ticker = ticker;
  }

  @Override
  public <Q, V, R> R intercept(Call<Q, V, R> call) {
    if (cache == null || !cache.applies(call.cacheControl)) {
      return call.proceed();
    }
    return call.op.throughCache(call, this);
  }

  ResponseCache cache() {
    return cache;
  }

  /** The result of a call answered from the cache, counted and reported to the call listeners. */
  <T> RouteResult<T> hit(Call<?, ?, ?> call, T value, Usage usage) {
    String requested = call.requestedModel;
    String group = call.group().name();
    String callId =
        telemetry.cacheHit(
            call.op.name,
            call.op.callOperation,
            call.op.stream,
            requested,
            group,
            call.requestId(),
            call.context,
            usage,
            call.startNanos);
    Duration latency = Duration.ofNanos(ticker.read() - call.startNanos);
    RouteResult<T> r =
        new RouteResult<>(
            value,
            call.requestId(),
            requested,
            group,
            null,
            null,
            List.of(),
            latency,
            latency,
            usage,
            0.0,
            true,
            callId);
    call.result = r;
    return r;
  }
}
