package dev.llmux.core.internal.routing;

import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.TimeoutConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The router-wide reliability settings the engine reads: the config objects themselves (their
 * builders hold the defaults and the validation), plus the retry policy keyed by {@link
 * ErrorClass}.
 */
public record RouterSettings(
    RetryConfig retry,
    FallbackConfig fallback,
    CooldownConfig cooldown,
    TimeoutConfig timeouts,
    Map<ErrorClass, Integer> retryPolicy) {

  public RouterSettings {
    retryPolicy = retryPolicy.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(retryPolicy));
  }

  /** The settings of the config objects; the retry policy's error classes become enum keys. */
  public static RouterSettings of(
      RetryConfig retry, FallbackConfig fallback, CooldownConfig cooldown, TimeoutConfig timeouts) {
    Map<ErrorClass, Integer> retryPolicy = new EnumMap<>(ErrorClass.class);
    retry.retryPolicy().forEach((c, n) -> retryPolicy.put(ErrorClass.fromKey(c), n));
    return new RouterSettings(retry, fallback, cooldown, timeouts, retryPolicy);
  }

  /**
   * Retries allowed after a failure of class {@code c}; per-class policy, then deployment, then
   * router.
   */
  public int retriesFor(ErrorClass c, @Nullable Integer deploymentMaxRetries) {
    Integer byClass = retryPolicy.get(c);
    if (byClass != null) {
      return byClass;
    }
    return deploymentMaxRetries != null ? deploymentMaxRetries : retry.numRetries();
  }

  public boolean fallbackEnabled() {
    return fallback.enabled();
  }

  public Map<String, List<String>> fallbacks() {
    return fallback.fallbacks();
  }

  public Map<String, List<String>> contextWindowFallbacks() {
    return fallback.contextWindowFallbacks();
  }

  public Map<String, List<String>> contentPolicyFallbacks() {
    return fallback.contentPolicyFallbacks();
  }

  public int maxFallbacks() {
    return fallback.maxFallbacks();
  }

  public Duration cooldownTime() {
    return cooldown.cooldownTime();
  }

  public int allowedFails() {
    return cooldown.allowedFails();
  }

  public double failureThreshold() {
    return cooldown.failureThreshold();
  }

  public int failureMinCalls() {
    return cooldown.failureMinCalls();
  }

  public Duration failureWindow() {
    return cooldown.failureWindow();
  }

  public Duration timeout() {
    return timeouts.timeout();
  }

  public Duration connectTimeout() {
    return timeouts.connectTimeout();
  }

  public Duration firstChunkTimeout() {
    return timeouts.firstChunkTimeout();
  }

  public Duration retryAfterMax() {
    return retry.retryAfterMax();
  }

  public Duration backoffInitial() {
    return retry.backoffInitial();
  }

  public Duration backoffMax() {
    return retry.backoffMax();
  }
}
