package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.config.ConfigException;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.spi.RoutingStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterFromConfigTest {
  private final FakeTime time = new FakeTime();

  private static ChatCompletionRequest req(String model) {
    return ChatCompletionRequest.of(model, ChatMessage.user("hi"));
  }

  @Test
  void yamlConfigDrivesTheRouter(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("llmux.yaml");
    Files.writeString(
        file,
        """
        providers:
          - name: primary-up
            type: scripted
            api_key: ${TEST_KEY:-none}
            models:
              - {name: chat, model: big, weight: 1, timeout: 7s}
          - name: backup-up
            type: scripted
            models: [backup]
        aliases: {fast: chat}
        routing:
          strategy: round-robin
          retry_count: 0
          fallbacks: {chat: [backup]}
        cache: {enabled: true, type: local, ttl: 1h}
        """);
    try (LlmRouter router =
        LlmRouter.builder()
            .config(ConfigLoader.load(file))
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .build()) {
      ScriptedProvider primary = ScriptedProviderFactory.CREATED.get("primary-up");
      primary.script("big", () -> new UpstreamServerException("down", 503, null));
      RouteResult<ChatCompletionResponse> r = router.chat(req("fast"));
      assertThat(r.modelGroup()).isEqualTo("backup");
      assertThat(r.attempts()).hasSize(2);
      assertThat(primary.calls.get(0).options().timeout()).hasSeconds(7);
      // the fallback's answer is cached under the requested group ('fast' is an alias of 'chat')
      assertThat(router.chat(req("chat")).cacheHit()).isTrue();
      assertThat(primary.calls).hasSize(1);
      assertThat(router.models().data())
          .extracting(m -> m.id())
          .containsExactly("chat", "backup", "fast");
    }
  }

  @Test
  void liteLlmRetryPolicyForNonRetriableErrorsMustBeZero() {
    String yaml =
        """
        providers:
          - {name: p, type: scripted, models: [m]}
        routing:
          retry_policy: {bad_request: 2}
        """;
    assertThatThrownBy(
            () ->
                LlmRouter.builder()
                    .config(ConfigLoader.parse(yaml, "x.yaml", Set.of(), Map.of()))
                    .build())
        .hasMessageContaining("'bad_request' errors are never retried");
  }

  @Test
  void aSharedCacheTypeWithoutItsModuleIsAClearError() {
    String yaml =
        """
        providers:
          - {name: p, type: scripted, models: [m]}
        cache: {enabled: true, type: redis}
        """;
    assertThatThrownBy(
            () ->
                LlmRouter.builder()
                    .config(ConfigLoader.parse(yaml, "x.yaml", Set.of(), Map.of()))
                    .build())
        .hasMessageContaining("llmux-redis");
  }

  @Test
  void aSharedCacheTypeUsesTheStoreGivenBeforeConfig() {
    String yaml =
        """
        providers:
          - {name: p, type: scripted, models: [m]}
        cache: {enabled: true, type: dual}
        """;
    java.util.concurrent.atomic.AtomicInteger puts =
        new java.util.concurrent.atomic.AtomicInteger();
    dev.llmux.core.cache.CacheStore inner = dev.llmux.core.cache.CacheStore.inMemory(10, 1 << 20);
    dev.llmux.core.cache.CacheStore shared =
        new dev.llmux.core.cache.CacheStore() {
          @Override
          public dev.llmux.core.cache.CacheEntry get(String key) {
            return inner.get(key);
          }

          @Override
          public void put(
              String key, dev.llmux.core.cache.CacheEntry entry, java.time.Duration ttl) {
            puts.incrementAndGet();
            inner.put(key, entry, ttl);
          }
        };
    try (LlmRouter router =
        LlmRouter.builder()
            .cache(shared)
            .config(ConfigLoader.parse(yaml, "x.yaml", Set.of(), Map.of()))
            .build()) {
      router.chat(
          dev.llmux.api.chat.ChatCompletionRequest.of(
              "m", dev.llmux.api.chat.ChatMessage.user("hi")));
      assertThat(
              router
                  .chat(
                      dev.llmux.api.chat.ChatCompletionRequest.of(
                          "m", dev.llmux.api.chat.ChatMessage.user("hi")))
                  .cacheHit())
          .isTrue();
      assertThat(puts.get()).isEqualTo(1);
    }
  }

  @Test
  void thirdPartyProviderTypesTakeASettingsMapAndUnknownTypesFailAtBuild() {
    String yaml =
        """
        providers:
          - {name: p, type: scripted, models: [m], settings: {region: eu, retries: 2}}
        """;
    try (LlmRouter router =
        LlmRouter.builder()
            .config(ConfigLoader.parse(yaml, "x.yaml", Set.of(), Map.of()))
            .build()) {
      assertThat(ScriptedProviderFactory.CREATED.get("p").config().settings())
          .containsEntry("region", "eu")
          .containsEntry("retries", 2);
    }
    String unknown = "providers:\n  - {name: q, type: bedrock, models: [m]}\n";
    assertThatThrownBy(
            () ->
                LlmRouter.builder()
                    .config(ConfigLoader.parse(unknown, "x.yaml", Set.of(), Map.of()))
                    .build())
        .hasMessageContaining("unknown type 'bedrock'")
        .hasMessageContaining("scripted");
  }

  @Test
  void aRegisteredStrategyIsChosenByNameInTheFile() {
    String yaml =
        """
        providers:
          - {name: p, type: scripted, models: [{name: m, model: a, id: a}, {name: m, model: b, id: b}]}
        routing:
          strategy: always-last
        """;
    RoutingStrategy alwaysLast = new LastCandidateStrategy();
    RouterConfig config = ConfigLoader.parse(yaml, "x.yaml", Set.of(), Map.of());
    try (LlmRouter router =
        LlmRouter.builder().config(config).registerStrategy("always-last", alwaysLast).build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(router.chat(req("m")).deploymentId()).isEqualTo("b");
      }
    }
    // a name neither built in nor registered fails when the router is built, listing both kinds
    assertThatThrownBy(
            () ->
                LlmRouter.builder()
                    .config(config)
                    .registerStrategy("first-only", alwaysLast)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown routing strategy 'always-last'")
        .hasMessageContaining("simple-shuffle")
        .hasMessageContaining("first-only");
  }

  @Test
  void unknownKeysNameTheLine() {
    String yaml =
        "providers:\n  - {name: p, type: scripted, models: [m]}\nrouting:\n  retry_cont: 3\n";
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", Set.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml:4")
        .hasMessageContaining("retry_cont");
  }
}
