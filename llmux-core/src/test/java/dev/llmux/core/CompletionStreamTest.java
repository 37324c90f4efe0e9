package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.CompletionChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Streamed legacy completions ({@link LlmRouter#streamCompletions}) through every stage: native and
 * mapped onto chat, interceptors, admission, the response cache shared with plain completions,
 * routing with fallback before the first chunk, settlement (usage, cost, call record).
 */
class CompletionStreamTest {
  private final FakeTime time = new FakeTime();
  private final NativeCompletions upstream = new NativeCompletions();
  private final List<CallRecord> records = Collections.synchronizedList(new ArrayList<>());

  private LlmRouter.Builder base() {
    return LlmRouter.builder()
        .clock(time)
        .ticker(time)
        .sleeper(time)
        .provider(upstream)
        .callListener(records::add)
        .deployment(
            Deployment.builder("g", "native")
                .model("m")
                .id("d1")
                .inputCostPerToken(1e-6)
                .outputCostPerToken(2e-6)
                .build());
  }

  private static List<CompletionResponse> drain(CompletionStream s) {
    List<CompletionResponse> out = new ArrayList<>();
    try (s) {
      s.forEach(out::add);
    }
    return out;
  }

  private static String text(List<CompletionResponse> chunks) {
    StringBuilder sb = new StringBuilder();
    for (CompletionResponse c : chunks) {
      c.choices().forEach(ch -> sb.append(ch.text() == null ? "" : ch.text()));
    }
    return sb.toString();
  }

  private static CompletionRequest withUsage(CompletionRequest r) {
    return new CompletionRequest(
        r.model(),
        r.prompt(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        true,
        Map.of("stream_options", Map.of("include_usage", true)));
  }

  @Test
  void nativeStreamPassesThroughAndSettles() {
    try (LlmRouter router = base().build()) {
      CompletionStream s = router.streamCompletions(CompletionRequest.of("g", "Say hi"));
      List<CompletionResponse> chunks = drain(s);
      assertThat(text(chunks)).isEqualTo("native completion");
      assertThat(chunks).allMatch(c -> CompletionResponse.OBJECT.equals(c.object()));
      assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason()).isEqualTo("stop");
      // the upstream's usage chunk is not the caller's: it did not ask
      assertThat(chunks).noneMatch(c -> c.usage() != null);
      assertThat(s.result().usage()).isEqualTo(Usage.of(4, 2));
      assertThat(s.result().cost()).isEqualTo(4 * 1e-6 + 2 * 2e-6);
      assertThat(s.result().deploymentId()).isEqualTo("d1");
      assertThat(upstream.requests)
          .singleElement()
          .satisfies(r -> assertThat(r.model()).isEqualTo("m"));
    }
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.operation()).isEqualTo("completions");
              assertThat(r.stream()).isTrue();
              assertThat(r.promptTokens()).isEqualTo(4);
              assertThat(r.completionTokens()).isEqualTo(2);
              assertThat(r.status()).isEqualTo("success");
            });
  }

  @Test
  void usageChunkWhenAskedEvenIfTheUpstreamSentNone() {
    try (LlmRouter router = base().build()) {
      List<CompletionResponse> chunks =
          drain(router.streamCompletions(withUsage(CompletionRequest.of("g", "Say hi"))));
      CompletionResponse last = chunks.get(chunks.size() - 1);
      assertThat(last.choices()).isEmpty();
      assertThat(last.usage()).isEqualTo(Usage.of(4, 2));
      upstream.sendUsage = false;
      chunks = drain(router.streamCompletions(withUsage(CompletionRequest.of("g", "Say hi"))));
      last = chunks.get(chunks.size() - 1);
      assertThat(last.choices()).isEmpty();
      assertThat(last.usage()).isNotNull(); // estimated: prompt estimate, counted completion text
      assertThat(last.usage().completionTokens()).isPositive();
    }
  }

  @Test
  void mappedOntoChatWhereTheUpstreamHasNoCompletionsApi() {
    ScriptedProvider chatOnly = new ScriptedProvider("p");
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(chatOnly)
            .deployment(Deployment.builder("g", "p").model("m").build())
            .build()) {
      CompletionStream s = router.streamCompletions(withUsage(CompletionRequest.of("g", "hi")));
      List<CompletionResponse> chunks = drain(s);
      // the role-only chat chunk is not a completion chunk; text "a", "b", the finish, usage
      assertThat(chunks).hasSize(4);
      assertThat(text(chunks)).isEqualTo("ab");
      assertThat(chunks.get(2).choices().get(0).finishReason()).isEqualTo("stop");
      assertThat(chunks.get(3).usage()).isEqualTo(Usage.of(7, 2));
      ChatCompletionRequest sent = (ChatCompletionRequest) chatOnly.calls.get(0).request();
      assertThat(sent.isStream()).isTrue();
      assertThat(sent.messages().get(0).text()).isEqualTo("hi");
    }
  }

  @Test
  void promptsAChatUpstreamCannotTakeAreBadRequests() {
    ScriptedProvider chatOnly = new ScriptedProvider("p");
    try (LlmRouter router =
        LlmRouter.builder()
            .provider(chatOnly)
            .deployment(Deployment.builder("g", "p").model("m").build())
            .build()) {
      CompletionRequest echo =
          new CompletionRequest(
              "g", "hi", null, null, null, null, null, null, true, null, null, null, null, null,
              true, Map.of());
      assertThatThrownBy(() -> router.streamCompletions(echo))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("native completions upstream");
      assertThat(chatOnly.calls).isEmpty();
    }
  }

  @Test
  void plainCompletionsRefuseStreamTrue() {
    try (LlmRouter router = base().build()) {
      assertThatThrownBy(() -> router.completions(withUsage(CompletionRequest.of("g", "x"))))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("streamCompletions");
    }
  }

  @Test
  void fallsBackBeforeTheFirstChunk() {
    ScriptedProvider chatOnly = new ScriptedProvider("p");
    upstream.failBeforeFirst = () -> new UpstreamServerException("down", 503, null);
    try (LlmRouter router =
        base()
            .provider(chatOnly)
            .deployment(Deployment.builder("backup", "p").model("m2").build())
            .fallbacks("g", List.of("backup"))
            .retry(RetryConfig.custom().numRetries(0).build())
            .build()) {
      CompletionStream s = router.streamCompletions(CompletionRequest.of("g", "hi"));
      assertThat(text(drain(s))).isEqualTo("ab");
      assertThat(s.result().fellBack()).isTrue();
      assertThat(s.result().modelGroup()).isEqualTo("backup");
    }
  }

  @Test
  void interceptorsWrapTheStream() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Interceptor rewrite =
        new Interceptor() {
          @Override
          public CompletionStream interceptStreamCompletions(
              Chain<CompletionRequest, CompletionStream> chain) {
            seen.add("streamCompletions " + chain.request().model());
            return chain.proceed(chain.request().withModel("g"), chain.context());
          }
        };
    try (LlmRouter router = base().interceptor(rewrite).build()) {
      assertThat(text(drain(router.streamCompletions(CompletionRequest.of("alias", "hi")))))
          .isEqualTo("native completion");
    }
    assertThat(seen).containsExactly("streamCompletions alias");
  }

  @Test
  void admissionRefusesOverTheLimit() {
    try (LlmRouter router =
        base()
            .governance(
                GovernanceConfig.builder()
                    .defaultLimits(Scope.USER, RateLimits.NONE.withRpm(1))
                    .build())
            .build()) {
      RequestContext u1 = RequestContext.builder().userId("u1").build();
      drain(router.streamCompletions(CompletionRequest.of("g", "hi"), u1));
      assertThatThrownBy(() -> router.streamCompletions(CompletionRequest.of("g", "hi"), u1))
          .isInstanceOf(RateLimitException.class);
      assertThat(upstream.requests).hasSize(1);
    }
  }

  @Test
  void aCompletedStreamIsCachedForPlainAndStreamedCalls() {
    try (LlmRouter router =
        base()
            .cache(CacheStore.inMemory(100, 1 << 20, time))
            .cache(dev.llmux.core.config.CacheConfig.custom().build())
            .build()) {
      CompletionRequest req = CompletionRequest.of("g", "Say hi");
      drain(router.streamCompletions(req));
      RouteResult<CompletionResponse> plain =
          router.completions(CompletionRequest.of("g", "Say hi"));
      assertThat(plain.cacheHit()).isTrue();
      assertThat(plain.response().text()).isEqualTo("native completion");
      assertThat(plain.response().choices().get(0).finishReason()).isEqualTo("stop");
      assertThat(plain.usage()).isEqualTo(Usage.of(4, 2));
      CompletionStream replay = router.streamCompletions(withUsage(req));
      assertThat(replay.result().cacheHit()).isTrue();
      List<CompletionResponse> chunks = drain(replay);
      assertThat(text(chunks)).isEqualTo("native completion");
      assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(Usage.of(4, 2));
      assertThat(upstream.requests).hasSize(1);
    }
  }

  @Test
  void aStreamClosedEarlyIsNotCachedAndCancelsTheUpstream() {
    try (LlmRouter router = base().cache(CacheStore.inMemory(100, 1 << 20, time)).build()) {
      CompletionStream s = router.streamCompletions(CompletionRequest.of("g", "Say hi"));
      s.next();
      s.close();
      assertThat(upstream.closed).isTrue();
      assertThat(router.completions(CompletionRequest.of("g", "Say hi")).cacheHit()).isFalse();
    }
    assertThat(records).extracting(CallRecord::status).startsWith("cancelled");
  }

  /** An upstream with a native completions API whose stream sends three chunks and usage. */
  private static final class NativeCompletions implements Provider {
    final List<CompletionRequest> requests = Collections.synchronizedList(new ArrayList<>());
    volatile boolean sendUsage = true;
    volatile boolean closed;
    volatile Supplier<RuntimeException> failBeforeFirst;

    @Override
    public ProviderConfig config() {
      return ProviderConfig.of("native", "native", null, null);
    }

    @Override
    public boolean supportsCompletions() {
      return true;
    }

    @Override
    public CompletionResponse completions(CompletionRequest request, CallOptions options) {
      requests.add(request);
      return chunk(
          List.of(new CompletionResponse.Choice("native completion", 0, null, "stop", null)),
          Usage.of(4, 2));
    }

    @Override
    public CompletionChunkStream streamCompletions(CompletionRequest request, CallOptions options) {
      if (failBeforeFirst != null) {
        throw failBeforeFirst.get();
      }
      requests.add(request);
      List<CompletionResponse> chunks = new ArrayList<>();
      chunks.add(
          chunk(List.of(new CompletionResponse.Choice("native ", 0, null, null, null)), null));
      chunks.add(
          chunk(List.of(new CompletionResponse.Choice("completion", 0, null, null, null)), null));
      chunks.add(chunk(List.of(new CompletionResponse.Choice("", 0, null, "stop", null)), null));
      if (sendUsage) {
        chunks.add(chunk(List.of(), Usage.of(4, 2)));
      }
      Iterator<CompletionResponse> it = chunks.iterator();
      closed = false;
      return new CompletionChunkStream() {
        private boolean mine;

        @Override
        public boolean hasNext() {
          return !mine && it.hasNext();
        }

        @Override
        public CompletionResponse next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return it.next();
        }

        @Override
        public void close() {
          mine = true;
          closed = true;
        }
      };
    }

    private static CompletionResponse chunk(List<CompletionResponse.Choice> choices, Usage usage) {
      return new CompletionResponse(
          "cmpl-1", CompletionResponse.OBJECT, 1, "m", choices, usage, null, null);
    }

    @Override
    public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ModelList listModels(CallOptions options) {
      return ModelList.of(List.of());
    }
  }
}
