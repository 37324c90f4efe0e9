package dev.llmux.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.files.FileListPage;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real SDK over the mock provider: laziness of streams, context, pass-through, wrap, async. */
class OpenAiSdkOverMockTest {
  LlmRouter router;
  RecordingStreams recorder;

  @BeforeEach
  void setUp() {
    recorder = new RecordingStreams();
    router =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "echo")))
            .deployment(Deployment.builder("chat", "mock").model("mock-echo").build())
            .interceptor(recorder)
            .build();
  }

  @AfterEach
  void tearDown() {
    router.close();
  }

  static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder().model("chat").addUserMessage(text).build();
  }

  @Test
  void oneLiner() {
    OpenAIClient client = LlmuxOpenAi.client(router);
    ChatCompletion c = client.chat().completions().create(ask("hello there"));
    assertThat(c.choices().get(0).message().content()).contains("Echo: hello there");
    client.close();
  }

  @Test
  void streamIsPulledLazilyAndClosingTheSdkStreamClosesTheRouterStream() {
    String words = String.join(" ", java.util.Collections.nCopies(50, "word"));
    OpenAIClient client = LlmuxOpenAi.client(router);
    StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(ask(words));
    Iterator<ChatCompletionChunk> it = s.stream().iterator();
    assertThat(it.hasNext()).isTrue();
    it.next();
    assertThat(recorder.pulled.get()).isLessThan(10);
    assertThat(recorder.closed).isFalse();
    s.close();
    assertThat(recorder.closed).isTrue();
    client.close();
  }

  @Test
  void streamWithUsageWhenAsked() {
    OpenAIClient client = LlmuxOpenAi.client(router);
    try (StreamResponse<ChatCompletionChunk> s =
        client
            .chat()
            .completions()
            .createStreaming(
                ask("a b c").toBuilder()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      List<ChatCompletionChunk> chunks = s.stream().toList();
      assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
    }
    client.close();
  }

  @Test
  void contextFromSupplierAndHeaders() {
    OpenAIClient client =
        LlmuxOpenAi.builder(router)
            .context(() -> RequestContext.builder().teamId("team-a").tags(List.of("base")).build())
            .build();
    {
      client
          .chat()
          .completions()
          .create(
              ask("hi").toBuilder()
                  .putAdditionalHeader("x-llmux-end-user", "u-42")
                  .putAdditionalHeader("x-llmux-timeout-ms", "2500")
                  .putAdditionalHeader("x-llmux-fallbacks", "false")
                  .putAdditionalHeader("x-llmux-metadata-feature", "search")
                  .build());
      RequestContext ctx = recorder.lastContext.get();
      assertThat(ctx.teamId()).isEqualTo("team-a");
      assertThat(ctx.tags()).containsExactly("base");
      assertThat(ctx.endUserId()).isEqualTo("u-42");
      assertThat(ctx.timeout()).isEqualTo(Duration.ofMillis(2500));
      assertThat(ctx.fallbacksEnabled()).isFalse();
      assertThat(ctx.metadata()).containsEntry("feature", "search");

      assertThatThrownBy(
              () ->
                  client
                      .chat()
                      .completions()
                      .create(
                          ask("hi").toBuilder()
                              .putAdditionalHeader("x-llmux-timeout-ms", "soon")
                              .build()))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("x-llmux-timeout-ms");
      assertThatThrownBy(
              () ->
                  client
                      .chat()
                      .completions()
                      .create(
                          ask("hi").toBuilder().putAdditionalHeader("x-llmux-usr", "typo").build()))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("x-llmux-usr");
    }
    client.close();
  }

  @Test
  void asyncClient() throws Exception {
    OpenAIClientAsync async = LlmuxOpenAi.builder(router).buildAsync();
    try {
      ChatCompletion c = async.chat().completions().create(ask("async hi")).get();
      assertThat(c.choices().get(0).message().content()).contains("Echo: async hi");
    } finally {
      async.close();
    }
  }

  @Test
  void passThroughAndWrap() {
    WireMockServer wm = new WireMockServer(options().dynamicPort());
    wm.start();
    try {
      wm.stubFor(
          get("/v1/files")
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("content-type", "application/json")
                      .withBody("{\"object\":\"list\",\"data\":[],\"has_more\":false}")));
      OpenAIClient client =
          LlmuxOpenAi.builder(router).passThrough(wm.baseUrl() + "/v1", "sk-real").build();
      FileListPage files = client.files().list();
      assertThat(files.data()).isEmpty();
      assertThat(
              client
                  .chat()
                  .completions()
                  .create(ask("routed"))
                  .choices()
                  .get(0)
                  .message()
                  .content())
          .contains("Echo: routed");
      client.close();
      wm.verify(
          getRequestedFor(urlEqualTo("/v1/files"))
              .withHeader("Authorization", equalTo("Bearer sk-real")));

      OpenAIClient existing =
          OpenAIOkHttpClient.builder().baseUrl(wm.baseUrl() + "/v1").apiKey("sk-existing").build();
      OpenAIClient wrapped = LlmuxOpenAi.wrap(existing, router);
      assertThat(
              wrapped
                  .chat()
                  .completions()
                  .create(ask("wrapped"))
                  .choices()
                  .get(0)
                  .message()
                  .content())
          .contains("Echo: wrapped");
      wrapped.files().list();
      wrapped.close();
      wm.verify(
          getRequestedFor(urlEqualTo("/v1/files"))
              .withHeader("Authorization", equalTo("Bearer sk-existing")));
      existing.close();
    } finally {
      wm.stop();
    }
  }

  /**
   * A chat-only provider whose stream sends 50 chunks lazily, counting pulls and recording close.
   */
  static final class CountingProvider implements dev.llmux.api.spi.Provider {
    final java.util.concurrent.atomic.AtomicInteger pulled =
        new java.util.concurrent.atomic.AtomicInteger();
    volatile boolean closed;

    @Override
    public ProviderConfig config() {
      return ProviderConfig.of("counting", "counting", null, null);
    }

    @Override
    public dev.llmux.api.chat.ChatCompletionResponse chat(
        dev.llmux.api.chat.ChatCompletionRequest r, dev.llmux.api.spi.CallOptions o) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.llmux.api.spi.ChunkStream streamChat(
        dev.llmux.api.chat.ChatCompletionRequest r, dev.llmux.api.spi.CallOptions o) {
      return new dev.llmux.api.spi.ChunkStream() {
        int i;

        @Override
        public boolean hasNext() {
          return !closed && i < 50;
        }

        @Override
        public dev.llmux.api.chat.ChatCompletionChunk next() {
          pulled.incrementAndGet();
          dev.llmux.api.chat.ChatDelta d =
              i++ == 0
                  ? dev.llmux.api.chat.ChatDelta.role("assistant")
                  : dev.llmux.api.chat.ChatDelta.content("w" + i + " ");
          return dev.llmux.api.chat.ChatCompletionChunk.of(
              "c1", 1L, r.model(), List.of(dev.llmux.api.chat.ChunkChoice.of(0, d, null)));
        }

        @Override
        public void close() {
          closed = true;
        }
      };
    }

    @Override
    public dev.llmux.api.model.ModelList listModels(dev.llmux.api.spi.CallOptions o) {
      return dev.llmux.api.model.ModelList.of(List.of());
    }
  }

  @Test
  void responsesStreamIsPulledLazilyAndClosingTheSdkStreamClosesIt() {
    CountingProvider provider = new CountingProvider();
    try (LlmRouter counting =
        LlmRouter.builder()
            .provider(provider)
            .deployment(Deployment.builder("chat", "counting").model("m").build())
            .build()) {
      OpenAIClient client = LlmuxOpenAi.client(counting);
      StreamResponse<ResponseStreamEvent> s =
          client
              .responses()
              .createStreaming(ResponseCreateParams.builder().model("chat").input("hi").build());
      Iterator<ResponseStreamEvent> it = s.stream().iterator();
      assertThat(it.next().isCreated()).isTrue();
      assertThat(it.next().isInProgress()).isTrue();
      assertThat(provider.pulled.get()).isLessThan(10);
      assertThat(provider.closed).isFalse();
      s.close();
      assertThat(provider.closed).isTrue();
      client.close();
    }
  }
}
