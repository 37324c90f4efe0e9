package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Stage 4: the response cache, when the router has one and the call's directives let it apply. How
 * an operation is keyed, stored and replayed is the operation's ({@link Operation#throughCache}); a
 * hit is answered here (cost 0, no attempts, reported to the call listeners), a miss proceeds and
 * is stored on the way back (a stream once it completed).
 */
final class CacheStage implements Stage {
  private final @Nullable ResponseCache cache;
  private final RouterTelemetry telemetry;
  private final Ticker ticker;

  CacheStage(@Nullable ResponseCache cache, RouterTelemetry telemetry, Ticker ticker) {
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

  /** The cache; for an operation serving a call through this stage (it applies: there is one). */
  ResponseCache cache() {
    return Objects.requireNonNull(cache, "no response cache");
  }

  /** The result of a call answered from the cache, counted and reported to the call listeners. */
  <T> RouteResult<T> hit(Call<?, ?, ?> call, T value, @Nullable Usage usage) {
    String group = call.group().name();
    // group() resolved the requested model: the request names one
    String requested = Objects.requireNonNull(call.requestedModel);
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
