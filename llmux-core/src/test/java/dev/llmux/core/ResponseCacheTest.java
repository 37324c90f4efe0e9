package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.CacheConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
  private final FakeTime time = new FakeTime();

  private LlmRouter router(ScriptedProvider p, boolean optIn) {
    return LlmRouter.builder()
        .clock(time)
        .ticker(time)
        .sleeper(time)
        .random(new SplittableRandom(1))
        .provider(p)
        .deployment(Deployment.builder("g", "p").model("m").build())
        .deployment(Deployment.builder("emb", "p").model("e").build())
        .cache(CacheStore.inMemory(100, 1 << 20, time))
        .cache(
            CacheConfig.custom()
                .ttl(Duration.ofMinutes(10))
                .mode(optIn ? "opt-in" : "default-on")
                .build())
        .build();
  }

  private static ChatCompletionRequest req(String text) {
    return ChatCompletionRequest.of("g", ChatMessage.user(text));
  }

  @Test
  void hitCostsNothingAndDoesNotCallTheProvider() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router = router(p, false)) {
      RouteResult<ChatCompletionResponse> first = router.chat(req("hi"));
      RouteResult<ChatCompletionResponse> second = router.chat(req("hi"));
      assertThat(p.calls).hasSize(1);
      assertThat(first.cacheHit()).isFalse();
      assertThat(second.cacheHit()).isTrue();
      assertThat(second.cost()).isZero();
      assertThat(second.attempts()).isEmpty();
      assertThat(second.response().text()).isEqualTo(first.response().text());
      router.chat(req("different"));
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void directivesFromBodyAndContextAreHonouredAndNeverForwarded() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router = router(p, false)) {
      ChatCompletionRequest noStore =
          req("a").toBuilder().extra("cache", Map.of("no-store", true)).build();
      router.chat(noStore);
      router.chat(noStore);
      assertThat(p.calls).hasSize(2);
      assertThat(((ChatCompletionRequest) p.calls.get(0).request()).extra())
          .doesNotContainKey("cache");

      router.chat(req("b"));
      RequestContext noCache =
          RequestContext.builder()
              .cacheControl(new CacheControl(true, false, null, null, null, null))
              .build();
      assertThat(router.chat(req("b"), noCache).cacheHit()).isFalse();
      assertThat(p.calls).hasSize(4);

      // s-maxage: entries older than it are not used
      time.advance(Duration.ofSeconds(90));
      ChatCompletionRequest fresh =
          req("b").toBuilder().extra("cache", Map.of("s-maxage", 60)).build();
      assertThat(router.chat(fresh).cacheHit()).isFalse();
      assertThat(router.chat(req("b")).cacheHit()).isTrue();

      // per-request ttl
      router.chat(req("c").toBuilder().extra("cache", Map.of("ttl", 30)).build());
      time.advance(Duration.ofSeconds(31));
      assertThat(router.chat(req("c")).cacheHit()).isFalse();

      assertThatThrownBy(
              () ->
                  router.chat(req("d").toBuilder().extra("cache", Map.of("nocache", true)).build()))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("unknown cache directive 'nocache'");
    }
  }

  @Test
  void routerTtlExpiresEntries() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router = router(p, false)) {
      router.chat(req("a"));
      time.advance(Duration.ofMinutes(9));
      assertThat(router.chat(req("a")).cacheHit()).isTrue();
      time.advance(Duration.ofMinutes(2));
      assertThat(router.chat(req("a")).cacheHit()).isFalse();
    }
  }

  @Test
  void optInModeCachesOnlyWhenAsked() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router = router(p, true)) {
      router.chat(req("a"));
      assertThat(router.chat(req("a")).cacheHit()).isFalse();
      ChatCompletionRequest asks =
          req("a").toBuilder().extra("cache", Map.of("use-cache", true)).build();
      router.chat(asks);
      assertThat(router.chat(asks).cacheHit()).isTrue();
    }
  }

  @Test
  void streamIsAssembledStoredAndReplayedAsStreamOrPlain() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .streamScript("m", new ScriptedProvider.StreamScript(List.of("Hel", "lo"), true, null));
    try (LlmRouter router = router(p, false)) {
      List<ChatCompletionChunk> live = new ArrayList<>();
      try (ChatStream s = router.stream(req("s"))) {
        s.forEachRemaining(live::add);
      }
      ChatCompletionRequest withUsage =
          req("s").toBuilder().streamOptions(StreamOptions.withUsage()).build();
      List<ChatCompletionChunk> replayed = new ArrayList<>();
      try (ChatStream s = router.stream(withUsage)) {
        s.forEachRemaining(replayed::add);
        assertThat(s.result().cacheHit()).isTrue();
      }
      assertThat(p.calls).hasSize(1);
      StringBuilder text = new StringBuilder();
      replayed.forEach(
          c ->
              c.choices()
                  .forEach(
                      ch -> {
                        if (ch.delta().content() != null) {
                          text.append(ch.delta().content());
                        }
                      }));
      assertThat(text).hasToString("Hello");
      assertThat(replayed.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
      assertThat(replayed.get(replayed.size() - 2).choices().get(0).finishReason())
          .isEqualTo("stop");
      assertThat(replayed.get(replayed.size() - 1).usage().promptTokens()).isEqualTo(7);
      RouteResult<ChatCompletionResponse> plain = router.chat(req("s"));
      assertThat(plain.cacheHit()).isTrue();
      assertThat(plain.response().text()).isEqualTo("Hello");
    }
  }

  @Test
  void aStreamThatFailsOrIsClosedEarlyIsNotStored() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router = router(p, false)) {
      ChatStream s = router.stream(req("x"));
      s.next();
      s.close();
      try (ChatStream again = router.stream(req("x"))) {
        assertThat(again.result().cacheHit()).isFalse();
      }
    }
  }

  @Test
  void embeddingsAreCachedPerInputItem() {
    ScriptedProvider p = new ScriptedProvider("p");
    try (LlmRouter router = router(p, false)) {
      router.embed(EmbeddingRequest.of("emb", List.of("a")));
      RouteResult<EmbeddingResponse> r =
          router.embed(EmbeddingRequest.of("emb", List.of("b", "a")));
      assertThat(p.calls).hasSize(2);
      EmbeddingRequest sent = (EmbeddingRequest) p.calls.get(1).request();
      assertThat(sent.input()).isEqualTo(List.of("b"));
      assertThat(r.response().data()).extracting(e -> e.index()).containsExactly(0, 1);
      assertThat(r.cacheHit()).isFalse();
      RouteResult<EmbeddingResponse> all =
          router.embed(EmbeddingRequest.of("emb", List.of("a", "b")));
      assertThat(all.cacheHit()).isTrue();
      assertThat(all.usage().promptTokens()).isZero();
      assertThat(p.calls).hasSize(2);
    }
  }
}
