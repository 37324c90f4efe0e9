package dev.llmux.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigObjectsTest {

  @Test
  void defaultsLiveInTheBuildersAndToBuilderRoundTrips() {
    assertThat(RoutingConfig.custom().build()).isEqualTo(RoutingConfig.ofDefaults());
    assertThat(RetryConfig.custom().build()).isEqualTo(RetryConfig.ofDefaults());
    assertThat(FallbackConfig.custom().build()).isEqualTo(FallbackConfig.ofDefaults());
    assertThat(CooldownConfig.custom().build()).isEqualTo(CooldownConfig.ofDefaults());
    assertThat(TimeoutConfig.custom().build()).isEqualTo(TimeoutConfig.ofDefaults());
    assertThat(CacheConfig.custom().build()).isEqualTo(CacheConfig.ofDefaults());
    assertThat(RouterConfig.custom().build()).isEqualTo(RouterConfig.empty());

    RoutingConfig routing =
        RoutingConfig.custom()
            .strategy("lowest-cost")
            .latencyBuffer(0.3)
            .latencyWindow(20)
            .latencyMaxAge(Duration.ofMinutes(5))
            .latencyExploration(0)
            .failurePenaltyFactor(3)
            .unknownPrice(RoutingConfig.UnknownPrice.FREE)
            .expectedOutputTokens(100)
            .tagMatch(RoutingConfig.TagMatch.ALL)
            .contextWindowCheck(false)
            .enforceDeploymentLimits(false)
            .build();
    RetryConfig retry =
        RetryConfig.custom()
            .numRetries(4)
            .retryPolicy("rate_limit", 6)
            .retryAfterMax(Duration.ZERO)
            .backoffInitial(Duration.ofMillis(100))
            .backoffMax(Duration.ofSeconds(1))
            .build();
    FallbackConfig fallback =
        FallbackConfig.custom()
            .enabled(false)
            .fallbacks("a", List.of("b"))
            .contextWindowFallbacks("a", List.of("c"))
            .contentPolicyFallbacks("a", List.of("d"))
            .maxFallbacks(1)
            .build();
    CooldownConfig cooldown =
        CooldownConfig.custom()
            .cooldownTime(Duration.ofSeconds(9))
            .allowedFails(0)
            .failureThreshold(1)
            .failureMinCalls(1)
            .failureWindow(Duration.ofSeconds(10))
            .build();
    TimeoutConfig timeouts =
        TimeoutConfig.custom()
            .timeout(Duration.ofSeconds(1))
            .connectTimeout(Duration.ofSeconds(2))
            .firstChunkTimeout(Duration.ofSeconds(3))
            .build();
    CacheConfig cache =
        CacheConfig.custom()
            .enabled(true)
            .type("dual")
            .ttl(Duration.ofMinutes(1))
            .namespace("n")
            .maxEntries(1)
            .maxBytes(2)
            .mode("opt-in")
            .build();
    for (Object o : List.of(routing, retry, fallback, cooldown, timeouts, cache)) {
      assertThat(o).isNotEqualTo(defaults(o));
    }
    assertThat(routing.toBuilder().build()).isEqualTo(routing).hasSameHashCodeAs(routing);
    assertThat(retry.toBuilder().build()).isEqualTo(retry).hasSameHashCodeAs(retry);
    assertThat(fallback.toBuilder().build()).isEqualTo(fallback).hasSameHashCodeAs(fallback);
    assertThat(cooldown.toBuilder().build()).isEqualTo(cooldown).hasSameHashCodeAs(cooldown);
    assertThat(timeouts.toBuilder().build()).isEqualTo(timeouts).hasSameHashCodeAs(timeouts);
    assertThat(cache.toBuilder().build()).isEqualTo(cache).hasSameHashCodeAs(cache);
    RouterConfig all =
        RouterConfig.custom()
            .aliases(Map.of("x", "a"))
            .routing(routing)
            .retry(retry)
            .fallback(fallback)
            .cooldown(cooldown)
            .timeouts(timeouts)
            .cache(cache)
            .build();
    assertThat(all.toBuilder().build()).isEqualTo(all).hasSameHashCodeAs(all);
    assertThat(all.retry()).isSameAs(retry);
    assertThat(retry.toBuilder().numRetries(5).build().retryPolicy())
        .containsExactly(entry("rate_limit", 6));
  }

  private static Object defaults(Object o) {
    if (o instanceof RoutingConfig) {
      return RoutingConfig.ofDefaults();
    } else if (o instanceof RetryConfig) {
      return RetryConfig.ofDefaults();
    } else if (o instanceof FallbackConfig) {
      return FallbackConfig.ofDefaults();
    } else if (o instanceof CooldownConfig) {
      return CooldownConfig.ofDefaults();
    } else if (o instanceof TimeoutConfig) {
      return TimeoutConfig.ofDefaults();
    }
    return CacheConfig.ofDefaults();
  }

  @Test
  void settersRejectInvalidValuesNamingTheSetting() {
    assertThatThrownBy(() -> RoutingConfig.custom().strategy(" "))
        .hasMessage("strategy must be a non-empty name");
    assertThatThrownBy(() -> RoutingConfig.custom().latencyBuffer(11))
        .hasMessage("latencyBuffer must be in [0, 10], got 11.0");
    assertThatThrownBy(() -> RoutingConfig.custom().failurePenaltyFactor(0.5))
        .hasMessage("failurePenaltyFactor must be >= 1, got 0.5");
    assertThatThrownBy(() -> RetryConfig.custom().numRetries(-1))
        .hasMessage("numRetries must be >= 0, got -1");
    assertThatThrownBy(() -> RetryConfig.custom().retryPolicy("rate_limits", 1))
        .hasMessageStartingWith("unknown error class 'rate_limits' in retryPolicy (known: ");
    assertThatThrownBy(() -> RetryConfig.custom().retryPolicy("not_found", 1))
        .hasMessageStartingWith("'not_found' errors are never retried");
    assertThatThrownBy(() -> RetryConfig.custom().backoffInitial(Duration.ZERO))
        .hasMessage("backoffInitial must be positive, got PT0S");
    assertThatThrownBy(() -> RetryConfig.custom().retryAfterMax(Duration.ofSeconds(-1)))
        .hasMessage("retryAfterMax must not be negative, got PT-1S");
    assertThatThrownBy(() -> RetryConfig.custom().backoffMax(Duration.ofMillis(100)).build())
        .hasMessage("backoffMax (PT0.1S) must be >= backoffInitial (PT0.5S)");
    assertThatThrownBy(() -> FallbackConfig.custom().fallbacks("", List.of("b")))
        .hasMessage("fallbacks model group must be a non-empty name");
    assertThatThrownBy(() -> FallbackConfig.custom().maxFallbacks(-1))
        .hasMessage("maxFallbacks must be >= 0, got -1");
    assertThatThrownBy(() -> CooldownConfig.custom().failureThreshold(0))
        .hasMessage("failureThreshold must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> CooldownConfig.custom().failureMinCalls(0))
        .hasMessage("failureMinCalls must be >= 1, got 0");
    assertThatThrownBy(() -> CooldownConfig.custom().cooldownTime(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cooldownTime");
    assertThatThrownBy(() -> TimeoutConfig.custom().firstChunkTimeout(Duration.ZERO))
        .hasMessage("firstChunkTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> CacheConfig.custom().type("memcached"))
        .hasMessage("type must be one of local, redis, dual, got memcached");
    assertThatThrownBy(() -> CacheConfig.custom().mode("always"))
        .hasMessage("mode must be one of default-on, opt-in, got always");
    assertThatThrownBy(() -> CacheConfig.custom().ttl(Duration.ZERO))
        .hasMessage("ttl must be positive, got PT0S");
  }

  @Test
  void collectionsAreCopiedInOrderAndUnmodifiable() {
    Map<String, Integer> policy = new java.util.LinkedHashMap<>();
    policy.put("timeout", 1);
    policy.put("bad_request", 0);
    policy.put("rate_limit", 3);
    RetryConfig retry =
        RetryConfig.custom().retryPolicy("connection", 9).retryPolicy(policy).build();
    policy.put("server_error", 4);
    assertThat(retry.retryPolicy())
        .containsExactly(entry("timeout", 1), entry("bad_request", 0), entry("rate_limit", 3));
    assertThat(retry.retriesFor("timeout")).isEqualTo(1);
    assertThat(retry.retriesFor("connection")).isEqualTo(2);
    assertThatThrownBy(() -> retry.retryPolicy().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);

    List<String> targets = new ArrayList<>(List.of("b"));
    Map<String, List<String>> map = new HashMap<>(Map.of("a", targets));
    FallbackConfig f = FallbackConfig.custom().fallbacks(map).build();
    targets.add("c");
    map.put("z", List.of());
    assertThat(f.fallbacks()).containsExactly(entry("a", List.of("b")));
    assertThatThrownBy(() -> f.fallbacks().get("a").add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(f.toBuilder().fallbacks("b", List.of("a")).build().fallbacks())
        .containsExactly(entry("a", List.of("b")), entry("b", List.of("a")));
    // a rejected map leaves the builder as it was
    FallbackConfig.Builder b = FallbackConfig.custom().fallbacks("a", List.of("b"));
    assertThatThrownBy(() -> b.fallbacks(Map.of("", List.of("x"))));
    assertThat(b.build().fallbacks()).containsOnlyKeys("a");
  }
}
