package dev.llmux.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.llmux.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteLlmShapeTest {

  static final String SAMPLE =
      """
      model_list:
        - model_name: gpt-4o
          litellm_params:
            model: azure/my-gpt4o-deployment
            api_key: os.environ/AZURE_API_KEY
            api_base: https://x.openai.azure.com
            api_version: "2024-10-21"
            rpm: 600
            tpm: 100000
            weight: 2
            order: 1
            timeout: 30
            stream_timeout: 10
            max_retries: 1
            tags: [eu]
            input_cost_per_token: 0.0000025
            output_cost_per_token: 0.00001
            extra_headers: {X-A: b}
          model_info:
            id: azure-eu-1
            max_input_tokens: 128000
            max_output_tokens: 16384
            base_model: azure/gpt-4o
        - model_name: gpt-4o
          litellm_params:
            model: openai/gpt-4o
            api_key: os.environ/OPENAI_API_KEY
            organization: org-1
          model_info:
            input_cost_per_token: 0.0000025
            output_cost_per_token: 0.00001
        - model_name: gpt-4o-mini
          litellm_params:
            model: gpt-4o-mini
        - model_name: claude-sonnet
          litellm_params:
            model: anthropic/claude-sonnet-4-5
            api_key: os.environ/ANTHROPIC_API_KEY
        - model_name: "anthropic/*"
          litellm_params:
            model: "anthropic/*"
            api_key: os.environ/ANTHROPIC_API_KEY
      router_settings:
        routing_strategy: usage-based-routing-v2
        num_retries: 3
        timeout: 30
        stream_timeout: 10
        cooldown_time: 30
        allowed_fails: 4
        fallbacks: [{gpt-4o: [claude-sonnet]}]
        context_window_fallbacks: [{gpt-4o-mini: [gpt-4o]}]
        content_policy_fallbacks: [{gpt-4o: [claude-sonnet, gpt-4o-mini]}]
        max_fallbacks: 6
        model_group_alias: {fast: gpt-4o-mini}
        retry_policy: {BadRequestErrorRetries: 0, AuthenticationErrorRetries: 0, TimeoutErrorRetries: 2, RateLimitErrorRetries: 3, ContentPolicyViolationErrorRetries: 0, InternalServerErrorRetries: 2}
        enable_pre_call_checks: true
      litellm_settings:
        num_retries: 1
        request_timeout: 600
      """;

  static final Map<String, String> ENV =
      Map.of("AZURE_API_KEY", "az-key", "OPENAI_API_KEY", "oa-key", "ANTHROPIC_API_KEY", "an-key");

  static RouterConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, "litellm.yaml", Set.of(), env);
  }

  @Test
  void loadsTheSampleWithEveryKeyMapped() {
    RouterConfig c = parse(SAMPLE, ENV);

    assertThat(c.providers())
        .containsExactly(
            new ProviderConfig(
                "azure-eu-1",
                "azure",
                "az-key",
                "https://x.openai.azure.com",
                Map.of("api_version", "2024-10-21", "headers", Map.of("X-A", "b"))),
            new ProviderConfig(
                "gpt-4o#2", "openai", "oa-key", null, Map.of("organization", "org-1")),
            new ProviderConfig("gpt-4o-mini#1", "openai", null, null, Map.of()),
            new ProviderConfig("claude-sonnet#1", "anthropic", "an-key", null, Map.of()),
            new ProviderConfig("anthropic/*#1", "anthropic", "an-key", null, Map.of()));

    assertThat(c.deployments())
        .containsExactly(
            new DeploymentConfig(
                "azure-eu-1",
                "gpt-4o",
                "azure-eu-1",
                "my-gpt4o-deployment",
                2.0,
                600,
                100000,
                1,
                List.of("eu"),
                Duration.ofSeconds(30),
                null,
                Duration.ofSeconds(10),
                128000,
                16384,
                0.0000025,
                0.00001,
                1),
            new DeploymentConfig(
                "gpt-4o#2",
                "gpt-4o",
                "gpt-4o#2",
                "gpt-4o",
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                0.0000025,
                0.00001,
                null),
            DeploymentConfig.of("gpt-4o-mini#1", "gpt-4o-mini", "gpt-4o-mini#1", "gpt-4o-mini"),
            DeploymentConfig.of(
                "claude-sonnet#1", "claude-sonnet", "claude-sonnet#1", "claude-sonnet-4-5"),
            DeploymentConfig.of("anthropic/*#1", "anthropic/*", "anthropic/*#1", null));

    assertThat(c.routing().strategy()).isEqualTo("lowest-tpm-rpm");
    assertThat(c.retry().numRetries()).isEqualTo(3); // router_settings overrides litellm_settings
    assertThat(c.timeouts().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.timeouts().firstChunkTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.cooldown().cooldownTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cooldown().allowedFails()).isEqualTo(4);
    assertThat(c.fallback().fallbacks()).containsExactly(entry("gpt-4o", List.of("claude-sonnet")));
    assertThat(c.fallback().contextWindowFallbacks())
        .containsExactly(entry("gpt-4o-mini", List.of("gpt-4o")));
    assertThat(c.fallback().contentPolicyFallbacks())
        .containsExactly(entry("gpt-4o", List.of("claude-sonnet", "gpt-4o-mini")));
    assertThat(c.fallback().maxFallbacks()).isEqualTo(6);
    assertThat(c.retry().retryPolicy())
        .containsExactly(
            entry("bad_request", 0),
            entry("authentication", 0),
            entry("timeout", 2),
            entry("rate_limit", 3),
            entry("content_policy", 0),
            entry("server_error", 2));
    assertThat(c.aliases()).containsExactly(entry("fast", "gpt-4o-mini"));
    assertThat(c.cache()).isEqualTo(CacheConfig.ofDefaults());
  }

  @Test
  void litellmSettingsApplyWhenRouterSettingsAreSilent() {
    RouterConfig c =
        parse(
            """
        litellm_settings:
          num_retries: 1
          request_timeout: 120
          fallbacks: [{a: [b]}]
          context_window_fallbacks: [{a: [c]}]
          content_policy_fallbacks: [{a: [d]}]
        """,
            Map.of());
    assertThat(c.retry().numRetries()).isEqualTo(1);
    assertThat(c.timeouts().timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.fallback().fallbacks()).containsExactly(entry("a", List.of("b")));
    assertThat(c.fallback().contextWindowFallbacks()).containsExactly(entry("a", List.of("c")));
    assertThat(c.fallback().contentPolicyFallbacks()).containsExactly(entry("a", List.of("d")));
  }

  @ParameterizedTest
  @CsvSource({
    "simple-shuffle, simple-shuffle",
    "least-busy, least-busy",
    "usage-based-routing, lowest-tpm-rpm",
    "usage-based-routing-v2, lowest-tpm-rpm",
    "latency-based-routing, lowest-latency",
    "cost-based-routing, lowest-cost",
    "round-robin, round-robin",
    "lowest-latency, lowest-latency",
    "lowest-tpm-rpm, lowest-tpm-rpm",
    "lowest-cost, lowest-cost"
  })
  void strategyNamesMapToCanonicalOnes(String name, String canonical) {
    assertThat(
            parse("router_settings: {routing_strategy: " + name + "}\n", Map.of())
                .routing()
                .strategy())
        .isEqualTo(canonical);
    assertThat(parse("routing: {strategy: " + name + "}\n", Map.of()).routing().strategy())
        .isEqualTo(canonical);
  }

  @Test
  void unknownStrategyIsAnError() {
    assertThatThrownBy(() -> parse("router_settings:\n  routing_strategy: fastest\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("litellm.yaml:2: unknown routing strategy 'fastest'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "openai_compatible/m | http://h/v1 | openai-compatible | http://h/v1 | m",
        "openai/gpt-4o | | openai | | gpt-4o",
        "openai/local-model | http://localhost:8000/v1 | openai | http://localhost:8000/v1 | local-model",
        "gpt-4o | | openai | | gpt-4o",
        "anthropic/claude-3-5-haiku | | anthropic | | claude-3-5-haiku",
        "gemini/gemini-2.0-flash | | gemini | | gemini-2.0-flash",
        "mock/echo | | mock | | echo",
        "azure/dep | https://a.openai.azure.com | azure | https://a.openai.azure.com | dep"
      })
  void providerPrefixes(
      String model, String apiBase, String type, String baseUrl, String upstream) {
    String yaml =
        "model_list:\n  - model_name: m\n    litellm_params:\n      model: "
            + model
            + "\n"
            + (apiBase == null ? "" : "      api_base: " + apiBase + "\n");
    RouterConfig c = parse(yaml, Map.of());
    assertThat(c.providers())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.type()).isEqualTo(type);
              assertThat(p.baseUrl()).isEqualTo(baseUrl);
            });
    assertThat(c.deployments().get(0).model()).isEqualTo(upstream);
  }

  @Test
  void unknownPrefixIsAnError() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        model_list:
          - model_name: m
            litellm_params:
              model: bedrock/anthropic.claude-v2
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "litellm.yaml:4: unknown provider prefix in "
                + "model_list[0].litellm_params.model 'bedrock/anthropic.claude-v2'");
  }

  @Test
  void settingsInvalidForTheTypeAreErrors() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        model_list:
          - model_name: m
            litellm_params:
              model: anthropic/claude
              api_version: "2024-01-01"
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "litellm.yaml:5: model_list[0].litellm_params.api_version is "
                + "not supported by provider type 'anthropic'");
  }

  @Test
  void wildcardEntries() {
    RouterConfig c =
        parse(
            """
        model_list:
          - model_name: "*"
            litellm_params: {model: "*"}
          - model_name: "openai/*"
            litellm_params: {model: "openai/*", api_key: k}
        """,
            Map.of());
    assertThat(c.deployments())
        .containsExactly(
            DeploymentConfig.of("*#1", "*", "*#1", null),
            DeploymentConfig.of("openai/*#1", "openai/*", "openai/*#1", null));
    assertThatThrownBy(
            () ->
                parse(
                    """
        model_list:
          - model_name: claude
            litellm_params: {model: "anthropic/*"}
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("litellm.yaml:3: wildcard model_list[0].litellm_params.model");
  }

  @Test
  void conflictingCostsAreAnError() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        model_list:
          - model_name: m
            litellm_params: {model: gpt-4o, input_cost_per_token: 0.1}
            model_info:
              input_cost_per_token: 0.2
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("litellm.yaml:5: input_cost_per_token differs");
  }

  @Test
  void mixedShapesInOneFile() {
    RouterConfig c =
        ConfigLoader.parse(
            """
        providers:
          - name: openai
            type: openai
            api_key: ${OPENAI_API_KEY}
            models: [gpt-4o-mini]
        model_list:
          - model_name: gpt-4o-mini
            litellm_params:
              model: anthropic/claude-haiku-4-5
              api_key: os.environ/GROQ_API_KEY
        routing:
          strategy: round-robin
          backoff_max: 2s
        router_settings:
          num_retries: 1
          model_group_alias: {fast: gpt-4o-mini}
        aliases:
          cheap: gpt-4o-mini
        cache: {enabled: true}
        server: {port: 4000}
        """,
            "mixed.yaml",
            Set.of("server"),
            Map.of("OPENAI_API_KEY", "a", "GROQ_API_KEY", "g"));
    assertThat(c.providers())
        .extracting(ProviderConfig::name, ProviderConfig::apiKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("openai", "a"),
            org.assertj.core.groups.Tuple.tuple("gpt-4o-mini#1", "g"));
    assertThat(c.deployments())
        .extracting(DeploymentConfig::id, DeploymentConfig::modelGroup)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("openai/gpt-4o-mini", "gpt-4o-mini"),
            org.assertj.core.groups.Tuple.tuple("gpt-4o-mini#1", "gpt-4o-mini"));
    assertThat(c.routing().strategy()).isEqualTo("round-robin");
    assertThat(c.retry().numRetries()).isEqualTo(1);
    assertThat(c.retry().backoffMax()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.aliases())
        .containsExactly(entry("fast", "gpt-4o-mini"), entry("cheap", "gpt-4o-mini"));
    assertThat(c.cache().enabled()).isTrue();
    assertThat(c.extensions()).containsOnlyKeys("server");
  }

  @Test
  void theSameSettingInRoutingAndRouterSettingsIsAnError() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        router_settings:
          num_retries: 1
        routing:
          retry_count: 2
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "litellm.yaml:4: routing.retry_count (line 4) and "
                + "router_settings.num_retries (line 2) set the same thing; keep one");
  }

  @Test
  void litellmCacheSettings() {
    RouterConfig c =
        parse(
            """
        litellm_settings:
          cache: true
          cache_params:
            type: redis
            ttl: 600
            namespace: litellm.caching
            mode: default_off
        """,
            Map.of());
    assertThat(c.cache())
        .isEqualTo(
            CacheConfig.custom()
                .enabled(true)
                .type("redis")
                .ttl(Duration.ofMinutes(10))
                .namespace("litellm.caching")
                .maxEntries(10_000)
                .maxBytes(64L * 1024 * 1024)
                .mode("opt-in")
                .build());
    assertThat(parse("litellm_settings: {cache: true}\n", Map.of()).cache())
        .isEqualTo(
            CacheConfig.custom()
                .enabled(true)
                .type("local")
                .ttl(Duration.ofHours(1))
                .maxEntries(10_000)
                .maxBytes(64L * 1024 * 1024)
                .mode("default-on")
                .build());
    assertThatThrownBy(
            () ->
                parse(
                    """
        litellm_settings:
          cache: true
          cache_params: {type: redis-semantic}
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("litellm.yaml:3: unsupported cache type 'redis-semantic'");
    assertThatThrownBy(
            () ->
                parse(
                    """
        litellm_settings:
          cache: true
          cache_params: {type: redis, host: localhost}
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "litellm.yaml:3: unknown key 'host' in "
                + "litellm_settings.cache_params (known: type, ttl, namespace, mode)");
    assertThatThrownBy(
            () ->
                parse(
                    """
        litellm_settings:
          cache: true
        cache:
          enabled: false
        """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "litellm.yaml:3: the cache is configured both in cache and in "
                + "litellm_settings (line 2)");
  }
}
