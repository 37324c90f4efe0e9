package dev.llmux.core.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Router-wide routing and reliability settings (the {@code routing} section, or LiteLLM's
 * {@code router_settings} / {@code litellm_settings}).
 *
 * @param strategy one of {@link #STRATEGIES}; default {@code simple-shuffle}
 * @param fallbackEnabled whether fallbacks to other model groups are attempted; default true
 * @param numRetries retries of a failed attempt (on any deployment of the group); default 2
 * @param retryPolicy retries per error class (keys from {@link #RETRY_POLICY_KEYS}), overriding
 *     {@code numRetries} for that class; empty = {@code numRetries} for every retriable error
 * @param fallbacks model group to ordered fallback groups, tried when the group fails
 * @param contextWindowFallbacks fallbacks used when the prompt exceeds the context window
 * @param contentPolicyFallbacks fallbacks used when a content policy rejects the request
 * @param maxFallbacks maximum number of fallback groups tried per request; default 5
 * @param cooldownTime how long a deployment is taken out of rotation; default 5s
 * @param allowedFails failures per minute before a deployment cools down; default 3
 * @param failureThreshold failure rate (0..1) in {@code failureWindow} that cools a deployment down;
 *     default 0.5
 * @param failureMinCalls calls needed in the window before the failure rate counts; default 5
 * @param failureWindow window of the failure counters; default 60s
 * @param timeout default total per-attempt timeout; default 600s
 * @param connectTimeout default connect timeout; default 10s
 * @param firstChunkTimeout default time allowed until the first streamed chunk; default 60s
 * @param retryAfterMax longest upstream {@code retry-after} honoured before retrying; default 30s
 * @param backoffInitial first retry backoff; default 500ms
 * @param backoffMax longest retry backoff; default 8s
 */
public record RoutingConfig(
    String strategy,
    boolean fallbackEnabled,
    int numRetries,
    Map<String, Integer> retryPolicy,
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

  /** The canonical routing strategy names. */
  public static final List<String> STRATEGIES = List.of(
      "simple-shuffle", "round-robin", "lowest-latency", "least-busy", "lowest-tpm-rpm",
      "lowest-cost");

  /** The canonical error classes of {@link #retryPolicy()}. */
  public static final List<String> RETRY_POLICY_KEYS = List.of(
      "bad_request", "authentication", "permission", "not_found", "timeout", "rate_limit",
      "content_policy", "context_window", "server_error", "connection");

  /** Validates the values and makes immutable, order-keeping copies of the maps. */
  public RoutingConfig {
    Objects.requireNonNull(strategy, "strategy");
    if (!STRATEGIES.contains(strategy)) {
      throw new IllegalArgumentException("strategy must be one of " + STRATEGIES + ": " + strategy);
    }
    retryPolicy = copy(retryPolicy);
    for (Map.Entry<String, Integer> e : retryPolicy.entrySet()) {
      if (!RETRY_POLICY_KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException("unknown retry policy key: " + e.getKey());
      }
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalArgumentException("retry policy value must be >= 0: " + e.getKey());
      }
    }
    fallbacks = copyLists(fallbacks);
    contextWindowFallbacks = copyLists(contextWindowFallbacks);
    contentPolicyFallbacks = copyLists(contentPolicyFallbacks);
    if (numRetries < 0 || maxFallbacks < 0 || allowedFails < 0 || failureMinCalls < 0) {
      throw new IllegalArgumentException(
          "num_retries, max_fallbacks, allowed_fails and failure_min_calls must not be negative");
    }
    if (!(failureThreshold >= 0.0 && failureThreshold <= 1.0)) {
      throw new IllegalArgumentException("failure_threshold must be in 0..1: " + failureThreshold);
    }
    for (Duration d : new Duration[] {cooldownTime, failureWindow, timeout, connectTimeout,
        firstChunkTimeout, retryAfterMax, backoffInitial, backoffMax}) {
      Objects.requireNonNull(d, "durations must not be null");
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
  }

  /** LiteLLM-like defaults; see the parameter descriptions. */
  public static RoutingConfig defaults() {
    return new RoutingConfig("simple-shuffle", true, 2, Map.of(), Map.of(), Map.of(), Map.of(), 5,
        Duration.ofSeconds(5), 3, 0.5, 5, Duration.ofSeconds(60), Duration.ofSeconds(600),
        Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
        Duration.ofMillis(500), Duration.ofSeconds(8));
  }

  /** The number of retries for an error class: its {@link #retryPolicy()} entry or {@link #numRetries()}. */
  public int retriesFor(String errorClass) {
    Integer n = retryPolicy.get(errorClass);
    return n == null ? numRetries : n;
  }

  private static Map<String, Integer> copy(Map<String, Integer> m) {
    return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  private static Map<String, List<String>> copyLists(Map<String, List<String>> m) {
    if (m == null || m.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(Objects.requireNonNull(k, "fallback group"), List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }
}
