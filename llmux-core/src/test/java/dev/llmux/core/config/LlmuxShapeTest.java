package dev.llmux.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.llmux.api.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmuxShapeTest {

  static final String SAMPLE =
      """
      providers:
        - name: openai                 # provider instance name (unique)
          type: openai
          api_key: ${OPENAI_API_KEY}
          base_url: https://api.openai.com/v1
          models: [gpt-4o, gpt-4o-mini]
      routing:
        strategy: simple-shuffle
        fallback_enabled: true
        retry_count: 3
      cache: { enabled: true, type: local, ttl: 1h }
      """;

  static RouterConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, "router.yaml", Set.of(), env);
  }

  @Test
  void loadsTheSample() {
    RouterConfig c = parse(SAMPLE, Map.of("OPENAI_API_KEY", "sk-test"));

    assertThat(c.providers())
        .containsExactly(
            new ProviderConfig(
                "openai", "openai", "sk-test", "https://api.openai.com/v1", Map.of()));
    assertThat(c.deployments())
        .containsExactly(
            DeploymentConfig.of("openai/gpt-4o", "gpt-4o", "openai", "gpt-4o"),
            DeploymentConfig.of("openai/gpt-4o-mini", "gpt-4o-mini", "openai", "gpt-4o-mini"));
    assertThat(c.routing().strategy()).isEqualTo("simple-shuffle");
    assertThat(c.fallback().enabled()).isTrue();
    assertThat(c.retry().numRetries()).isEqualTo(3);
    assertThat(c.cache())
        .isEqualTo(
            CacheConfig.custom()
                .enabled(true)
                .type("local")
                .ttl(Duration.ofHours(1))
                .maxEntries(10_000)
                .maxBytes(64L * 1024 * 1024)
                .mode("default-on")
                .build());
    assertThat(c.aliases()).isEmpty();
    assertThat(c.extensions()).isEmpty();
  }

  @Test
  void loadsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("router.yaml");
    Files.writeString(
        file,
        """
        providers:
          - name: local
            type: mock
            models: [echo]
        """);
    RouterConfig c = ConfigLoader.load(file);
    assertThat(c.providers()).extracting(ProviderConfig::name).containsExactly("local");
    assertThat(c.deployments()).extracting(DeploymentConfig::id).containsExactly("local/echo");
  }

  @Test
  void everyRoutingAndCacheKeyIsMapped() {
    RouterConfig c =
        parse(
            """
        routing:
          strategy: lowest-cost
          fallback_enabled: false
          retry_count: 4
          retry_policy: {rate_limit: 5, bad_request: 0, connection: 1}
          fallbacks: {gpt-4o: [claude, gemini]}
          context_window_fallbacks: [{gpt-4o-mini: [gpt-4o]}]
          content_policy_fallbacks: {gpt-4o: claude}
          max_fallbacks: 2
          cooldown_time: 30s
          allowed_fails: 7
          failure_threshold: 0.25
          failure_min_calls: 10
          failure_window: 2m
          timeout: 45
          connect_timeout: 1.5
          first_chunk_timeout: 20s
          retry_after_max: 1m
          backoff_initial: 250ms
          backoff_max: 4s
        cache:
          enabled: true
          type: dual
          ttl: 10m
          namespace: app1
          max_entries: 500
          max_bytes: 8MiB
          mode: opt-in
        aliases:
          fast: gpt-4o-mini
          smart: gpt-4o
        """,
            Map.of());

    assertThat(c.routing().strategy()).isEqualTo("lowest-cost");
    assertThat(c.fallback().enabled()).isFalse();
    assertThat(c.retry().numRetries()).isEqualTo(4);
    assertThat(c.retry().retryPolicy())
        .containsExactly(entry("rate_limit", 5), entry("bad_request", 0), entry("connection", 1));
    assertThat(c.retry().retriesFor("rate_limit")).isEqualTo(5);
    assertThat(c.retry().retriesFor("timeout")).isEqualTo(4);
    assertThat(c.fallback().fallbacks())
        .containsExactly(entry("gpt-4o", List.of("claude", "gemini")));
    assertThat(c.fallback().contextWindowFallbacks())
        .containsExactly(entry("gpt-4o-mini", List.of("gpt-4o")));
    assertThat(c.fallback().contentPolicyFallbacks())
        .containsExactly(entry("gpt-4o", List.of("claude")));
    assertThat(c.fallback().maxFallbacks()).isEqualTo(2);
    assertThat(c.cooldown().cooldownTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.cooldown().allowedFails()).isEqualTo(7);
    assertThat(c.cooldown().failureThreshold()).isEqualTo(0.25);
    assertThat(c.cooldown().failureMinCalls()).isEqualTo(10);
    assertThat(c.cooldown().failureWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.timeouts().timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.timeouts().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.timeouts().firstChunkTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.retry().retryAfterMax()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.retry().backoffInitial()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.retry().backoffMax()).isEqualTo(Duration.ofSeconds(4));

    assertThat(c.cache())
        .isEqualTo(
            CacheConfig.custom()
                .enabled(true)
                .type("dual")
                .ttl(Duration.ofMinutes(10))
                .namespace("app1")
                .maxEntries(500)
                .maxBytes(8L * 1024 * 1024)
                .mode("opt-in")
                .build());
    assertThat(c.aliases()).containsExactly(entry("fast", "gpt-4o-mini"), entry("smart", "gpt-4o"));
  }

  @Test
  void defaultsWhenSectionsAreAbsent() {
    RouterConfig c = parse("providers: []\n", Map.of());
    assertThat(c.routing()).isEqualTo(RoutingConfig.ofDefaults());
    assertThat(c.retry()).isEqualTo(RetryConfig.ofDefaults());
    assertThat(c.fallback()).isEqualTo(FallbackConfig.ofDefaults());
    assertThat(c.cooldown()).isEqualTo(CooldownConfig.ofDefaults());
    assertThat(c.timeouts()).isEqualTo(TimeoutConfig.ofDefaults());
    assertThat(c.cache()).isEqualTo(CacheConfig.ofDefaults());
    assertThat(parse("", Map.of())).isEqualTo(RouterConfig.empty());
    assertThat(parse("# only a comment\n", Map.of())).isEqualTo(RouterConfig.empty());

    assertThat(RoutingConfig.ofDefaults().strategy()).isEqualTo("simple-shuffle");
    FallbackConfig f = FallbackConfig.ofDefaults();
    assertThat(f.enabled()).isTrue();
    assertThat(f.maxFallbacks()).isEqualTo(5);
    RetryConfig r = RetryConfig.ofDefaults();
    assertThat(r.numRetries()).isEqualTo(2);
    assertThat(r.retryAfterMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.backoffInitial()).isEqualTo(Duration.ofMillis(500));
    assertThat(r.backoffMax()).isEqualTo(Duration.ofSeconds(8));
    CooldownConfig d = CooldownConfig.ofDefaults();
    assertThat(d.cooldownTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.allowedFails()).isEqualTo(3);
    assertThat(d.failureThreshold()).isEqualTo(0.5);
    assertThat(d.failureMinCalls()).isEqualTo(5);
    assertThat(d.failureWindow()).isEqualTo(Duration.ofSeconds(60));
    TimeoutConfig t = TimeoutConfig.ofDefaults();
    assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(t.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.firstChunkTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void modelObjectsCarryEveryPerDeploymentSetting() {
    RouterConfig c =
        parse(
            """
        providers:
          - name: azure-eu
            type: azure
            api_key: k
            base_url: https://eu.openai.azure.com
            api_version: "2024-10-21"
            stream_usage: true
            headers: {X-Team: core}
            models:
              - name: gpt-4o
                model: my-gpt4o-deployment
                id: eu-1
                weight: 2.5
                rpm: 600
                tpm: 100000
                order: 1
                tags: [eu, prod]
                timeout: 30s
                connect_timeout: 2s
                first_chunk_timeout: 5s
                max_input_tokens: 128000
                max_output_tokens: 16384
                input_cost_per_token: 0.0000025
                output_cost_per_token: 0.00001
                max_retries: 1
              - name: fast
                model: gpt-4o-mini
        """,
            Map.of());

    assertThat(c.providers())
        .containsExactly(
            new ProviderConfig(
                "azure-eu",
                "azure",
                "k",
                "https://eu.openai.azure.com",
                Map.of(
                    "api_version",
                    "2024-10-21",
                    "stream_usage",
                    true,
                    "headers",
                    Map.of("X-Team", "core"))));
    assertThat(c.deployments())
        .containsExactly(
            new DeploymentConfig(
                "eu-1",
                "gpt-4o",
                "azure-eu",
                "my-gpt4o-deployment",
                2.5,
                600,
                100000,
                1,
                List.of("eu", "prod"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                128000,
                16384,
                0.0000025,
                0.00001,
                1),
            DeploymentConfig.of("azure-eu/gpt-4o-mini", "fast", "azure-eu", "gpt-4o-mini"));
  }

  @Test
  void typeSpecificSettingsOfEveryType() {
    RouterConfig c =
        parse(
            """
        providers:
          - {name: o, type: openai, organization: org-1, project: p-1, stream_usage: false}
          - {name: c, type: openai-compatible, base_url: "http://localhost:8000/v1"}
          - {name: a, type: anthropic, anthropic_version: "2023-06-01",
             anthropic_beta: [prompt-caching-2024-07-31, output-128k-2025-02-19]}
          - {name: g, type: gemini, api_version: v1beta}
          - name: m
            type: mock
            mode: echo
            text: hello
            latency: 20ms
            failure_rate: 0.1
            failure_status: 503
            seed: 42
            stream_chunks: 4
            chunk_delay: 5ms
            models: [m1]
        """,
            Map.of());

    assertThat(c.provider("o").settings())
        .isEqualTo(Map.of("organization", "org-1", "project", "p-1", "stream_usage", false));
    assertThat(c.provider("c").baseUrl()).isEqualTo("http://localhost:8000/v1");
    assertThat(c.provider("a").settings())
        .isEqualTo(
            Map.of(
                "anthropic_version",
                "2023-06-01",
                "anthropic_beta",
                List.of("prompt-caching-2024-07-31", "output-128k-2025-02-19")));
    assertThat(c.provider("g").settings()).isEqualTo(Map.of("api_version", "v1beta"));
    assertThat(c.provider("m").settings())
        .isEqualTo(
            Map.of(
                "mode",
                "echo",
                "text",
                "hello",
                "latency",
                Duration.ofMillis(20),
                "failure_rate",
                0.1,
                "failure_status",
                503L,
                "seed",
                42L,
                "stream_chunks",
                4L,
                "chunk_delay",
                Duration.ofMillis(5)));
    assertThat(c.deployments()).extracting(DeploymentConfig::id).containsExactly("m/m1");
  }

  @Test
  void disabledProvidersAreSkipped() {
    String yaml =
        """
        providers:
          - name: openai
            type: openai
            enabled: ${OPENAI_API_KEY:+true}
            api_key: ${OPENAI_API_KEY:-}
            models: [gpt-4o]
          - name: off
            type: mock
            enabled: false
            models: [x]
          - name: empty
            type: mock
            enabled: ""
            models: [y]
          - name: on
            type: mock
            enabled: true
            models: [z]
        """;
    RouterConfig without = parse(yaml, Map.of());
    assertThat(without.providers()).extracting(ProviderConfig::name).containsExactly("on");
    assertThat(without.deployments()).extracting(DeploymentConfig::id).containsExactly("on/z");

    RouterConfig with = parse(yaml, Map.of("OPENAI_API_KEY", "sk-1"));
    assertThat(with.providers()).extracting(ProviderConfig::name).containsExactly("openai", "on");
    assertThat(with.provider("openai").apiKey()).isEqualTo("sk-1");
    assertThat(with.deployments())
        .extracting(DeploymentConfig::id)
        .containsExactly("openai/gpt-4o", "on/z");
  }

  @Test
  void wildcardModels() {
    RouterConfig c =
        parse(
            """
        providers:
          - name: anthropic
            type: anthropic
            models: ["anthropic/*", {name: "claude-*", model: "*"}]
          - name: catchall
            type: openai
            models: ["*"]
        """,
            Map.of());
    assertThat(c.deployments())
        .containsExactly(
            DeploymentConfig.of("anthropic/anthropic/*", "anthropic/*", "anthropic", null),
            DeploymentConfig.of("anthropic/claude-*", "claude-*", "anthropic", null),
            DeploymentConfig.of("catchall/*", "*", "catchall", null));
    assertThat(c.deployments().get(0).isWildcard()).isTrue();
  }

  @Test
  void extensionSectionsAreReturnedRaw() {
    RouterConfig c =
        ConfigLoader.parse(
            """
        server:
          port: 4000
          anything: [1, two, {x: true}]
        redis: {url: "redis://localhost:6379", timeout: 1.5}
        providers: []
        """,
            "router.yaml",
            Set.of("server", "redis", "database"),
            Map.of());
    assertThat(c.extensions()).containsOnlyKeys("server", "redis");
    assertThat(c.extensions().get("server").get("port").intValue()).isEqualTo(4000);
    assertThat(c.extensions().get("server").get("anything").get(2).get("x").booleanValue())
        .isTrue();
    assertThat(c.extensions().get("redis").get("url").textValue())
        .isEqualTo("redis://localhost:6379");
    assertThat(c.extensions().get("redis").get("timeout").doubleValue()).isEqualTo(1.5);
  }

  @Test
  void yamlAnchorsAndMergeKeys() {
    RouterConfig c =
        parse(
            """
        providers:
          - name: a
            type: mock
            models:
              - &base {name: g, rpm: 10, tags: [x]}
              - <<: *base
                id: second
                rpm: 20
        """,
            Map.of());
    assertThat(c.deployments())
        .extracting(DeploymentConfig::id, DeploymentConfig::rpm)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a/g", 10),
            org.assertj.core.groups.Tuple.tuple("second", 20));
    assertThat(c.deployments().get(1).tags()).containsExactly("x");
  }
}
