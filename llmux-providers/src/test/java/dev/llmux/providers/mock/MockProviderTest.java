package dev.llmux.providers.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.ProviderConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class MockProviderTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
  private static final CallOptions OPTIONS = CallOptions.DEFAULT;
  private static final ChatCompletionRequest REQUEST =
      ChatCompletionRequest.builder()
          .model("mock-model")
          .addMessage(ChatMessage.system("You are terse."))
          .addMessage(ChatMessage.user("first question"))
          .addMessage(ChatMessage.assistant("first answer"))
          .addMessage(ChatMessage.user("what is the time"))
          .build();

  private final List<Duration> slept = new ArrayList<>();
  private final Sleeper fakeSleeper = slept::add;

  private MockProvider mock(Map<String, Object> settings) {
    return new MockProvider(
        new ProviderConfig("mock-1", "mock", null, "http://ignored", settings), CLOCK, fakeSleeper);
  }

  private static List<ChatCompletionChunk> drain(ChunkStream stream) {
    List<ChatCompletionChunk> out = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void echoRepliesWithTheLastUserMessage() {
    ChatCompletionResponse r = mock(Map.of()).chat(REQUEST, OPTIONS);
    assertThat(r.text()).isEqualTo("Echo: what is the time");
    assertThat(r.id()).isEqualTo("chatcmpl-mock-1");
    assertThat(r.object()).isEqualTo("chat.completion");
    assertThat(r.created()).isEqualTo(1_700_000_000L);
    assertThat(r.model()).isEqualTo("mock-model");
    assertThat(r.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(r.choices().get(0).message().role()).isEqualTo("assistant");
    // prompt: 3 + 2 + 2 + 4 words; completion: "Echo: what is the time" = 5 words
    assertThat(r.usage().promptTokens()).isEqualTo(11);
    assertThat(r.usage().completionTokens()).isEqualTo(5);
    assertThat(r.usage().totalTokens()).isEqualTo(16);
    assertThat(slept).isEmpty();
  }

  @Test
  void fixedText() {
    MockProvider mock = mock(Map.of("mode", "fixed", "text", "Always the same."));
    assertThat(mock.chat(REQUEST, OPTIONS).text()).isEqualTo("Always the same.");
    assertThat(mock.chat(REQUEST, OPTIONS).id()).isEqualTo("chatcmpl-mock-2");
  }

  @Test
  void streamFollowsOpenAisChunkSequence() {
    List<ChatCompletionChunk> chunks =
        drain(
            mock(Map.of("mode", "fixed", "text", "Hello big world")).streamChat(REQUEST, OPTIONS));

    assertThat(chunks).hasSize(6);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.id()).isEqualTo("chatcmpl-mock-1");
              assertThat(c.object()).isEqualTo("chat.completion.chunk");
              assertThat(c.model()).isEqualTo("mock-model");
            });
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(chunks.subList(1, 4))
        .extracting(c -> c.choices().get(0).delta().content())
        .containsExactly("Hello", " big", " world");
    assertThat(chunks.get(4).choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(chunks.get(4).usage()).isNull();
    ChatCompletionChunk last = chunks.get(5);
    assertThat(last.isUsageOnly()).isTrue();
    assertThat(last.usage().completionTokens()).isEqualTo(3);
    assertThat(last.usage().promptTokens()).isEqualTo(11);
  }

  @Test
  void streamChunksAndChunkDelay() {
    ChunkStream stream =
        mock(Map.of(
                "mode", "fixed", "text", "abcdefghij", "stream_chunks", 3, "chunk_delay", "20ms"))
            .streamChat(REQUEST, OPTIONS);
    List<ChatCompletionChunk> chunks = drain(stream);
    assertThat(chunks.subList(1, 4))
        .extracting(c -> c.choices().get(0).delta().content())
        .containsExactly("abc", "def", "ghij");
    assertThat(slept).hasSize(chunks.size() - 1).containsOnly(Duration.ofMillis(20));
  }

  @Test
  void closeEndsTheStream() {
    ChunkStream stream = mock(Map.of()).streamChat(REQUEST, OPTIONS);
    assertThat(stream.next()).isNotNull();
    stream.close();
    stream.close();
    assertThat(stream.hasNext()).isFalse();
    assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void requiredToolChoiceCallsTheFirstTool() {
    ChatCompletionRequest request =
        REQUEST.toBuilder()
            .tools(
                List.of(
                    Tool.function("get_time", "Current time", Map.of("type", "object")),
                    Tool.function("other", null, null)))
            .toolChoice(ToolChoice.REQUIRED)
            .build();

    ChatCompletionResponse r = mock(Map.of()).chat(request, OPTIONS);

    assertThat(r.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(r.choices().get(0).message().content()).isNull();
    assertThat(r.choices().get(0).message().toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.id()).isEqualTo("call_mock_1");
              assertThat(call.type()).isEqualTo("function");
              assertThat(call.function().name()).isEqualTo("get_time");
              assertThat(call.function().arguments()).isEqualTo("{}");
            });
  }

  @Test
  void namedToolChoiceCallsThatToolAlsoWhenStreamed() {
    ChatCompletionRequest request =
        REQUEST.toBuilder()
            .tools(List.of(Tool.function("a", null, null), Tool.function("b", null, null)))
            .toolChoice(ToolChoice.function("b"))
            .build();
    MockProvider mock = mock(Map.of());

    assertThat(
            mock.chat(request, OPTIONS)
                .choices()
                .get(0)
                .message()
                .toolCalls()
                .get(0)
                .function()
                .name())
        .isEqualTo("b");

    List<ChatCompletionChunk> chunks = drain(mock.streamChat(request, OPTIONS));
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(chunks.get(1).choices().get(0).delta().toolCalls().get(0).function().name())
        .isEqualTo("b");
    assertThat(chunks.get(2).choices().get(0).delta().toolCalls().get(0).function().arguments())
        .isEqualTo("{}");
    assertThat(chunks.get(3).choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(chunks.get(4).isUsageOnly()).isTrue();

    ChatCompletionRequest unknown =
        request.toBuilder().toolChoice(ToolChoice.function("zzz")).build();
    assertThatThrownBy(() -> mock.chat(unknown, OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("zzz");
    ChatCompletionRequest auto = request.toBuilder().toolChoice(ToolChoice.AUTO).build();
    assertThat(mock.chat(auto, OPTIONS).choices().get(0).finishReason()).isEqualTo("stop");
  }

  @Test
  void failureInjectionByRateIsSeededAndRealistic() {
    MockProvider mock = mock(Map.of("failure_rate", 0.5, "seed", 7));
    int failures = 0;
    List<Boolean> pattern = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      try {
        mock.chat(REQUEST, OPTIONS);
        pattern.add(false);
      } catch (UpstreamServerException e) {
        failures++;
        pattern.add(true);
        assertThat(e.upstreamStatus()).isEqualTo(500);
        assertThat(e.isRetriable()).isTrue();
        assertThat(e).hasMessageContaining("mock provider 'mock-1' injected a failure (HTTP 500)");
      }
    }
    assertThat(failures).isBetween(440, 560);

    MockProvider same = mock(Map.of("failure_rate", "0.5", "seed", "7"));
    for (int i = 0; i < 50; i++) {
      boolean failed;
      try {
        same.chat(REQUEST, OPTIONS);
        failed = false;
      } catch (LlmException e) {
        failed = true;
      }
      assertThat(failed).isEqualTo(pattern.get(i));
    }
  }

  @Test
  void failureStatusGivesTheMappedException() {
    assertThatThrownBy(
            () -> mock(Map.of("failure_rate", 1, "failure_status", 429)).chat(REQUEST, OPTIONS))
        .isInstanceOfSatisfying(
            RateLimitException.class, e -> assertThat(e.upstreamStatus()).isEqualTo(429));
    assertThatThrownBy(
            () ->
                mock(Map.of("failure_rate", 1, "failure_status", 503)).streamChat(REQUEST, OPTIONS))
        .isInstanceOfSatisfying(
            UpstreamServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
    assertThatThrownBy(
            () ->
                mock(Map.of("failure_rate", 1, "failure_status", 400))
                    .embed(EmbeddingRequest.of("e", "x"), OPTIONS))
        .isExactlyInstanceOf(BadRequestException.class);
    assertThat(mock(Map.of("failure_rate", 0)).chat(REQUEST, OPTIONS)).isNotNull();
  }

  @Test
  void latencyUsesTheSleeper() {
    MockProvider mock = mock(Map.of("latency", "50ms"));
    mock.chat(REQUEST, OPTIONS);
    drain(mock.streamChat(REQUEST, OPTIONS));
    mock.embed(EmbeddingRequest.of("e", "x"), OPTIONS);
    assertThat(slept)
        .containsExactly(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50));

    slept.clear();
    mock(Map.of("latency", 1500)).chat(REQUEST, OPTIONS);
    mock(Map.of("latency", "1s")).chat(REQUEST, OPTIONS);
    assertThat(slept).containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(1));
  }

  @Test
  void latencyPastTheTimeoutIsATimeout() {
    CallOptions options =
        new CallOptions(
            Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(100), Map.of(), null);
    assertThatThrownBy(() -> mock(Map.of("latency", "2s")).chat(REQUEST, options))
        .isInstanceOf(LlmTimeoutException.class);
    assertThatThrownBy(() -> mock(Map.of("latency", "150ms")).streamChat(REQUEST, options))
        .isInstanceOf(LlmTimeoutException.class);
    assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(100));

    ChunkStream stream = mock(Map.of("chunk_delay", "1s")).streamChat(REQUEST, options);
    assertThat(stream.next()).isNotNull();
    assertThatThrownBy(stream::hasNext).isInstanceOf(LlmTimeoutException.class);
    assertThat(stream.hasNext()).isFalse();
  }

  @Test
  void embeddingsAreDeterministicUnitVectors() {
    MockProvider mock = mock(Map.of());
    EmbeddingResponse a =
        mock.embed(EmbeddingRequest.of("emb", List.of("hello world", "other text")), OPTIONS);
    EmbeddingResponse b = mock(Map.of()).embed(EmbeddingRequest.of("emb", "hello world"), OPTIONS);

    assertThat(a.data()).hasSize(2);
    assertThat(a.model()).isEqualTo("emb");
    float[] v = a.data().get(0).vector();
    assertThat(v).hasSize(8).isEqualTo(b.data().get(0).vector());
    assertThat(a.data().get(1).vector()).isNotEqualTo(v);
    double norm = 0;
    for (float f : v) {
      norm += f * f;
    }
    assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(a.usage().promptTokens()).isEqualTo(4);
    assertThat(a.usage().totalTokens()).isEqualTo(4);

    EmbeddingResponse dims =
        mock.embed(new EmbeddingRequest("emb", "hello world", "base64", 4, null, null), OPTIONS);
    assertThat(Base64.getDecoder().decode((String) dims.data().get(0).embedding())).hasSize(16);
  }

  @Test
  void modelsFromSettings() {
    assertThat(mock(Map.of("models", List.of("mock-a", "mock-b"))).listModels(OPTIONS).data())
        .extracting(m -> m.id())
        .containsExactly("mock-a", "mock-b");
    assertThat(mock(Map.of()).listModels(OPTIONS).data()).isEmpty();
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> mock(Map.of("mode", "random")))
        .hasMessageContaining("'mock-1'")
        .hasMessageContaining("mode");
    assertThatThrownBy(() -> mock(Map.of("failure_rate", 2))).hasMessageContaining("failure_rate");
    assertThatThrownBy(() -> mock(Map.of("failure_status", 200)))
        .hasMessageContaining("failure_status");
    assertThatThrownBy(() -> mock(Map.of("stream_chunks", 0)))
        .hasMessageContaining("stream_chunks");
    assertThatThrownBy(() -> mock(Map.of("latency", "soon"))).hasMessageContaining("latency");
    assertThatThrownBy(() -> mock(Map.of("temperature", 1))).hasMessageContaining("'temperature'");
  }

  @Test
  void factoryCreatesAWorkingProvider() {
    var provider = new MockProviderFactory().create(ProviderConfig.of("demo", "mock", null, null));
    assertThat(new MockProviderFactory().type()).isEqualTo("mock");
    assertThat(
            provider.chat(ChatCompletionRequest.of("m", ChatMessage.user("ping")), OPTIONS).text())
        .isEqualTo("Echo: ping");
  }
}
