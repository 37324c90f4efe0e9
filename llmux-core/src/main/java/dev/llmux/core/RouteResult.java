package dev.llmux.core;

import dev.llmux.api.chat.Usage;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a routed call returned, and how it was served.
 *
 * @param response the OpenAI-shaped response
 * @param requestId the request id (the caller's or a generated one)
 * @param requestedModel the model the caller asked for
 * @param modelGroup the model group that served (differs from the requested one after a fallback)
 * @param deploymentId the deployment that served; {@code null} for a cache hit
 * @param provider the provider instance name of that deployment; {@code null} for a cache hit
 * @param attempts every attempt made, the successful one last
 * @param latency total time the router spent on the request
 * @param timeToFirstToken for streams, time until the first chunk reached the caller; else {@code
 *     null}
 * @param usage token usage (the provider's, or estimated when it reported none), or {@code null}
 * @param cost cost in USD when the deployment's prices are known, else {@code null}; always 0 for a
 *     cache hit
 * @param cacheHit whether the response came from the response cache
 * @param callId the call id LLMux generated for this call (the {@link CallRecord#id()} its {@link
 *     CallListener}s see; the facade returns it as {@code x-llmux-call-id}), or {@code null} for a
 *     result not made by a router
 */
public record RouteResult<T>(
    T response,
    String requestId,
    String requestedModel,
    String modelGroup,
    @Nullable String deploymentId,
    @Nullable String provider,
    List<Attempt> attempts,
    Duration latency,
    @Nullable Duration timeToFirstToken,
    @Nullable Usage usage,
    @Nullable Double cost,
    boolean cacheHit,
    @Nullable String callId) {

  /** A result without a call id (for tests and results not made by a router). */
  public RouteResult(
      T response,
      String requestId,
      String requestedModel,
      String modelGroup,
      @Nullable String deploymentId,
      @Nullable String provider,
      List<Attempt> attempts,
      Duration latency,
      @Nullable Duration timeToFirstToken,
      @Nullable Usage usage,
      @Nullable Double cost,
      boolean cacheHit) {
    this(
        response,
        requestId,
        requestedModel,
        modelGroup,
        deploymentId,
        provider,
        attempts,
        latency,
        timeToFirstToken,
        usage,
        cost,
        cacheHit,
        null);
  }

  /** Makes the lists and maps immutable copies. */
  public RouteResult {
    attempts = List.copyOf(attempts);
    if (cacheHit) {
      cost = 0.0; // a cache hit costs nothing upstream
    }
  }

  /**
   * Whether an earlier attempt used another model group, that is, a fallback served the request.
   */
  public boolean fellBack() {
    return attempts.stream().anyMatch(a -> !a.modelGroup().equals(modelGroup));
  }
}
