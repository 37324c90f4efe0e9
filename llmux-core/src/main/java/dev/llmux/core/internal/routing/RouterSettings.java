package dev.llmux.core.internal.routing;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The router-wide reliability settings, validated. */
public record RouterSettings(
    int numRetries,
    Map<ErrorClass, Integer> retryPolicy,
    boolean fallbackEnabled,
    Map<String, List<String>> fallbacks,
    Map<String, List<String>> contextWindowFallbacks,
    Map<String, List<String>> contentPolicyFallbacks,
    int maxFallbacks,
    Duration cooldownTime,
    int allowedFails,
    double failureThreshold,
    int failureMinCalls,
    Duration failureWindow,
    Duration timeout,
    Duration connectTimeout,
    Duration firstChunkTimeout,
    Duration retryAfterMax,
    Duration backoffInitial,
    Duration backoffMax) {

  public RouterSettings {
    retryPolicy = retryPolicy.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(retryPolicy));
    fallbacks = Map.copyOf(fallbacks);
    contextWindowFallbacks = Map.copyOf(contextWindowFallbacks);
    contentPolicyFallbacks = Map.copyOf(contentPolicyFallbacks);
  }

  /** Retries allowed after a failure of class {@code c}; per-deployment override first. */
  public int retriesFor(ErrorClass c, Integer deploymentMaxRetries) {
    Integer byClass = retryPolicy.get(c);
    if (byClass != null) {
      return byClass;
    }
    return deploymentMaxRetries != null ? deploymentMaxRetries : numRetries;
  }
}
