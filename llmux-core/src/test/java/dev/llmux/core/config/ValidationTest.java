package dev.llmux.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ValidationTest {

  static AbstractThrowableAssert<?, ? extends Throwable> error(String yaml) {
    return assertThatThrownBy(() -> ConfigLoader.parse(yaml, "router.yaml", Set.of(), Map.of()))
        .isInstanceOf(ConfigException.class);
  }

  static void errorAt(String yaml, int line, String messageStart) {
    error(yaml)
        .hasMessageStartingWith("router.yaml:" + line + ": " + messageStart)
        .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(line));
  }

  // ---------------------------------------------------------------- unknown keys at every level

  @Test
  void unknownTopLevelKey() {
    errorAt(
        "providers: []\nrouter_setings: {}\n",
        2,
        "unknown key 'router_setings' in the top "
            + "level (known: providers, routing, cache, aliases, model_list, router_settings, "
            + "litellm_settings, budgets, limits, governance, deployment, metrics, tracing)");
  }

  @Test
  void unknownRoutingKey() {
    error(
            """
        # comment
        routing:
          strategy: round-robin
          retry_cont: 3
        """)
        .hasMessage(
            "router.yaml:4: unknown key 'retry_cont' in routing (known: strategy, "
                + "fallback_enabled, retry_count, retry_policy, fallbacks, context_window_fallbacks, "
                + "content_policy_fallbacks, max_fallbacks, cooldown_time, allowed_fails, "
                + "failure_threshold, failure_min_calls, failure_window, timeout, connect_timeout, "
                + "first_chunk_timeout, retry_after_max, backoff_initial, backoff_max, "
                + "tag_filtering, distributed)");
  }

  @Test
  void unknownCacheKey() {
    errorAt("cache:\n  enabled: true\n  tll: 1h\n", 3, "unknown key 'tll' in cache");
  }

  @Test
  void unknownProviderKeyDependsOnType() {
    errorAt(
        """
        providers:
          - name: a
            type: anthropic
            api_version: v1
        """,
        4,
        "unknown key 'api_version' in providers[0] (known: name, type, api_key, base_url, "
            + "models, enabled, settings, headers, anthropic_version, anthropic_beta)");
    errorAt(
        """
        providers:
          - name: m
            type: mock
            models: [x]
          - name: o
            type: openai
            latency: 5ms
        """,
        7,
        "unknown key 'latency' in providers[1]");
  }

  @Test
  void unknownModelEntryKey() {
    errorAt(
        """
        providers:
          - name: a
            type: openai
            models:
              - name: gpt-4o
                rpn: 5
        """,
        6,
        "unknown key 'rpn' in providers[0].models[0]");
  }

  @Test
  void unknownLitellmKeys() {
    errorAt(
        """
        model_list:
          - model_name: m
            litellm_params:
              model: gpt-4o
              api_bse: http://x
        """,
        5,
        "unknown key 'api_bse' in model_list[0].litellm_params");
    errorAt(
        """
        model_list:
          - model_name: m
            litellm_params: {model: gpt-4o}
            model_info:
              max_tokens: 5
        """,
        5,
        "unknown key 'max_tokens' in model_list[0].model_info");
    errorAt(
        """
        model_list:
          - model_name: m
            model: gpt-4o
        """,
        3,
        "unknown key 'model' in model_list[0] (known: model_name, litellm_params, "
            + "model_info)");
    errorAt(
        "router_settings:\n  num_retries: 2\n  redis_host: x\n",
        3,
        "unknown key 'redis_host' in router_settings");
    errorAt(
        "litellm_settings:\n  set_verbose: true\n",
        2,
        "unknown key 'set_verbose' in litellm_settings");
    errorAt(
        "router_settings:\n  retry_policy:\n    FooErrorRetries: 1\n",
        3,
        "unknown key 'FooErrorRetries' in router_settings.retry_policy");
  }

  // ---------------------------------------------------------------- types and ranges

  @Test
  void typeErrorsNameTheLine() {
    errorAt(
        """
        providers:
          - name: a
            type: openai
            models:
              - {name: g, rpm: abc}
        """,
        5,
        "expected an integer for providers[0].models[0].rpm, got 'abc'");
    errorAt(
        """
        model_list:
          - model_name: m
            litellm_params:
              model: gpt-4o
              tpm: 1.5
        """,
        5,
        "expected an integer for model_list[0].litellm_params.tpm, got '1.5'");
    errorAt(
        "routing:\n  fallback_enabled: yes-please\n",
        2,
        "expected true or false for routing.fallback_enabled");
    errorAt(
        "routing:\n  retry_count: [1]\n",
        2,
        "expected an integer for routing.retry_count, " + "got a list");
    errorAt(
        "routing:\n  failure_threshold: 1.5\n",
        2,
        "routing.failure_threshold must be between 0 and 1, got 1.5");
    errorAt("routing:\n  retry_count: -1\n", 2, "routing.retry_count must be >= 0, got -1");
    errorAt("providers:\n  name: a\n", 2, "expected a list for providers, got a mapping");
    errorAt("routing: [a]\n", 1, "expected a mapping for routing, got a list");
    errorAt(
        "providers:\n  - {name: a, type: openai, models: [{name: g, weight: 0}]}\n",
        2,
        "providers[0].models[0].weight must be > 0");
    errorAt(
        "providers:\n  - {name: a, type: openai, models: [{name: g, model: \"gpt-*\"}]}\n",
        2,
        "wildcard providers[0].models[0].model 'gpt-*' needs a wildcard model group name");
    errorAt(
        "providers:\n  - name: a\n    type: mock\n    enabled: {x: 1}\n",
        4,
        "expected true or false for providers[0].enabled, got a mapping");
    errorAt(
        "providers:\n  - name: a\n    type: mock\n    enabled: maybe\n",
        4,
        "expected true or false for providers[0].enabled, got 'maybe'");
    errorAt(
        "providers:\n  - {name: a, type: openai, headers: [x]}\n",
        2,
        "expected a mapping of strings for providers[0].headers, got a list");
  }

  @Test
  void durations() {
    errorAt(
        "routing:\n  cooldown_time: -5\n",
        2,
        "invalid duration '-5' for routing.cooldown_time: must not be negative");
    errorAt(
        "routing:\n  timeout: 5 minutes\n",
        2,
        "invalid duration '5 minutes' for "
            + "routing.timeout: expected a duration such as 500ms, 30s, 5m, 1h, 1d");
  }

  @Test
  void valuesTheRouterWouldRejectFailAtTheirLine() {
    errorAt(
        "routing:\n  cooldown_time: 0s\n",
        2,
        "routing.cooldown_time: cooldownTime must be positive, got PT0S");
    errorAt("routing:\n  timeout: 0\n", 2, "routing.timeout: timeout must be positive");
    errorAt(
        "routing:\n  failure_threshold: 0\n",
        2,
        "routing.failure_threshold: failureThreshold must be in (0, 1], got 0.0");
    errorAt(
        "routing:\n  failure_min_calls: 0\n",
        2,
        "routing.failure_min_calls: failureMinCalls must be >= 1, got 0");
    errorAt(
        "routing:\n  retry_policy: {bad_request: 2}\n",
        2,
        "routing.retry_policy: " + "'bad_request' errors are never retried");
    errorAt(
        "router_settings:\n  stream_timeout: 0s\n",
        2,
        "router_settings.stream_timeout: firstChunkTimeout must be positive");
    errorAt(
        "routing:\n  backoff_initial: 1s\n  backoff_max: 500ms\n",
        3,
        "invalid retry settings: backoffMax (PT0.5S) must be >= backoffInitial (PT1S)");
    errorAt("cache:\n  ttl: 0s\n", 2, "cache.ttl: ttl must be positive");
    errorAt(
        "litellm_settings:\n  cache_params: {ttl: 0}\n",
        2,
        "litellm_settings.cache_params.ttl: ttl must be positive");
  }

  @Test
  void anyStrategyNameInLlmuxShapeForRegisteredStrategies() {
    RouterConfig c =
        ConfigLoader.parse(
            "routing:\n  strategy: my-strategy\n", "router.yaml", Set.of(), Map.of());
    assertThat(c.routing().strategy()).isEqualTo("my-strategy");
    errorAt("routing:\n  strategy: \"\"\n", 2, "routing.strategy must be a non-empty string");
  }

  @Test
  void enumeratedValues() {
    errorAt(
        "router_settings:\n  routing_strategy: fastest\n",
        2,
        "unknown routing strategy "
            + "'fastest' in router_settings.routing_strategy (known: simple-shuffle, round-robin, "
            + "lowest-latency, least-busy, "
            + "lowest-tpm-rpm, lowest-cost; LiteLLM names: cost-based-routing, "
            + "latency-based-routing, usage-based-routing, usage-based-routing-v2)");
    errorAt(
        "cache:\n  type: memcached\n",
        2,
        "unknown cache type 'memcached' in cache.type " + "(known: local, redis, dual)");
    errorAt(
        "cache:\n  mode: always\n",
        2,
        "unknown cache mode 'always' in cache.mode (known: " + "default-on, opt-in)");
    // a type whose ProviderFactory is not on the class path takes only a free-form settings map
    errorAt(
        "providers:\n  - name: a\n    type: bedrock\n    region: eu\n",
        4,
        "unknown key 'region' in providers[0]: provider type 'bedrock' is not on the class path");
  }

  @Test
  void missingRequiredKeys() {
    errorAt("providers:\n  - name: a\n", 2, "missing key 'type' in providers[0]");
    errorAt("providers:\n  - type: openai\n", 2, "missing key 'name' in providers[0]");
    errorAt("model_list:\n  - model_name: m\n", 2, "missing key 'litellm_params' in model_list[0]");
    errorAt(
        "model_list:\n  - model_name: m\n    litellm_params: {api_key: k}\n",
        3,
        "missing key 'model' in model_list[0].litellm_params");
    errorAt(
        "providers:\n  - name: \"\"\n    type: openai\n",
        2,
        "providers[0].name must be a non-empty string");
  }

  // ---------------------------------------------------------------- duplicates

  @Test
  void duplicateProviderNames() {
    errorAt(
        """
        providers:
          - {name: a, type: openai}
          - {name: a, type: mock}
        """,
        3,
        "duplicate provider name 'a' (first on line 2)");
    errorAt(
        """
        providers:
          - {name: m1, type: openai}
        model_list:
          - model_name: m
            litellm_params: {model: gpt-4o}
            model_info: {id: m1}
        """,
        4,
        "duplicate provider name 'm1' (first on line 2); each model_list entry creates "
            + "a provider named after its deployment id");
  }

  @Test
  void duplicateDisabledProviderNamesAreAllowed() {
    RouterConfig c =
        ConfigLoader.parse(
            """
        providers:
          - {name: a, type: openai, enabled: false}
          - {name: a, type: mock}
        """,
            "router.yaml",
            Set.of(),
            Map.of());
    assertThat(c.provider("a").type()).isEqualTo("mock");
  }

  @Test
  void duplicateDeploymentIds() {
    errorAt(
        """
        providers:
          - name: a
            type: openai
            models:
              - gpt-4o
              - {name: smart, model: gpt-4o}
        """,
        6,
        "duplicate deployment id 'a/gpt-4o' (first on line 5); give one of them an "
            + "explicit id");
    errorAt(
        """
        model_list:
          - model_name: m
            litellm_params: {model: gpt-4o}
            model_info: {id: x}
          - model_name: n
            litellm_params: {model: gpt-4o}
            model_info: {id: x}
        """,
        5,
        "duplicate deployment id 'x' (first on line 2)");
  }

  @Test
  void duplicateKeysAndAliases() {
    errorAt(
        "routing:\n  retry_count: 1\n  retry_count: 2\n",
        3,
        "duplicate key 'retry_count' (first on line 2)");
    errorAt(
        "aliases: {a: x}\nrouter_settings:\n  model_group_alias: {a: y}\n",
        3,
        "alias 'a' is defined twice (first on line 1)");
    errorAt(
        "router_settings:\n  model_group_alias: {a: y}\naliases: {a: x}\n",
        3,
        "alias 'a' is defined twice (first on line 2)");
    errorAt(
        "routing:\n  fallbacks: [{a: [b]}, {a: [c]}]\n",
        2,
        "fallbacks for 'a' given twice in routing.fallbacks");
  }

  @Test
  void fallbackTargetsMustBeNonEmptyStrings() {
    errorAt(
        "routing:\n  fallbacks:\n    a: [b, \"\"]\n",
        3,
        "each entry of routing.fallbacks.a must be a non-empty string");
    errorAt(
        "routing:\n  fallbacks: [x]\n",
        2,
        "expected a mapping {group: [fallback, ...]} in routing.fallbacks, got 'x'");
  }

  @Test
  void yamlSyntaxErrorsNameTheLine() {
    error("providers:\n  - name: a\n    type: [openai\n")
        .satisfies(e -> assertThat(((ConfigException) e).line()).isBetween(3, 4));
    errorAt("a: 1\n---\nb: 2\n", 3, "only one YAML document per file is supported");
  }

  @Test
  void extensionSectionsMayNotShadowBuiltIns() {
    assertThatThrownBy(() -> ConfigLoader.parse("", "x", Set.of("routing"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unreadableFile() {
    assertThatThrownBy(() -> ConfigLoader.load(java.nio.file.Path.of("/nonexistent/router.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/nonexistent/router.yaml: cannot read the configuration file");
  }
}
