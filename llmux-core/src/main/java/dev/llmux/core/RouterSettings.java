package dev.llmux.core;

import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.TimeoutConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The router-wide reliability settings the engine reads, built from the config objects. */
record RouterSettings(
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

  RouterSettings {
    retryPolicy = retryPolicy.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(retryPolicy));
    fallbacks = Map.copyOf(fallbacks);
    contextWindowFallbacks = Map.copyOf(contextWindowFallbacks);
    contentPolicyFallbacks = Map.copyOf(contentPolicyFallbacks);
  }

  /** The settings of the config objects; the retry policy's error classes become enum keys. */
  static RouterSettings of(RetryConfig retry, FallbackConfig fallback, CooldownConfig cooldown,
      TimeoutConfig timeouts) {
    Map<ErrorClass, Integer> retryPolicy = new EnumMap<>(ErrorClass.class);
    retry.retryPolicy().forEach((c, n) -> retryPolicy.put(ErrorClass.fromKey(c), n));
    return new RouterSettings(retry.numRetries(), retryPolicy, fallback.enabled(),
        fallback.fallbacks(), fallback.contextWindowFallbacks(), fallback.contentPolicyFallbacks(),
        fallback.maxFallbacks(), cooldown.cooldownTime(), cooldown.allowedFails(),
        cooldown.failureThreshold(), cooldown.failureMinCalls(), cooldown.failureWindow(),
        timeouts.timeout(), timeouts.connectTimeout(), timeouts.firstChunkTimeout(),
        retry.retryAfterMax(), retry.backoffInitial(), retry.backoffMax());
  }

  /** Retries allowed after a failure of class {@code c}; per-deployment override first. */
  int retriesFor(ErrorClass c, Integer deploymentMaxRetries) {
    Integer byClass = retryPolicy.get(c);
    if (byClass != null) {
      return byClass;
    }
    return deploymentMaxRetries != null ? deploymentMaxRetries : numRetries;
  }
}
