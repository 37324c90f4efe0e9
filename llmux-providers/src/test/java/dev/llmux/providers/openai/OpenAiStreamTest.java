package dev.llmux.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmux.providers.openai.Fixtures.OPTIONS;
import static dev.llmux.providers.openai.Fixtures.ROLE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.STOP_CHUNK;
import static dev.llmux.providers.openai.Fixtures.USAGE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.content;
import static dev.llmux.providers.openai.Fixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class OpenAiStreamTest extends WireMockSupport {
  private static final ChatCompletionRequest REQUEST =
      ChatCompletionRequest.of("gpt-4o-mini", ChatMessage.user("Say hi"));

  private static ResponseDefinitionBuilder eventStream(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/event-stream; charset=utf-8")
        .withBody(body);
  }

  private static List<ChatCompletionChunk> drain(ChunkStream stream) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (stream) {
      while (stream.hasNext()) {
        chunks.add(stream.next());
      }
    }
    return chunks;
  }

  private static String text(List<ChatCompletionChunk> chunks) {
    StringBuilder sb = new StringBuilder();
    for (ChatCompletionChunk c : chunks) {
      if (!c.choices().isEmpty() && c.choices().get(0).delta().content() != null) {
        sb.append(c.choices().get(0).delta().content());
      }
    }
    return sb.toString();
  }

  @Test
  void normalStreamWithUsageChunk() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                eventStream(
                    sse(
                        ROLE_CHUNK,
                        content("Hello"),
                        content(" there!"),
                        STOP_CHUNK,
                        USAGE_CHUNK,
                        "[DONE]"))));

    List<ChatCompletionChunk> chunks = drain(openAi().streamChat(REQUEST, OPTIONS));

    assertThat(chunks).hasSize(5);
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(chunks.get(0).object()).isEqualTo("chat.completion.chunk");
    assertThat(chunks.get(0).systemFingerprint()).isEqualTo("fp_44709d6fcb");
    assertThat(text(chunks)).isEqualTo("Hello there!");
    assertThat(chunks.get(3).choices().get(0).finishReason()).isEqualTo("stop");
    ChatCompletionChunk last = chunks.get(4);
    assertThat(last.isUsageOnly()).isTrue();
    assertThat(last.usage().promptTokens()).isEqualTo(9);
    assertThat(last.usage().completionTokens()).isEqualTo(2);
    assertThat(last.usage().totalTokens()).isEqualTo(11);

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withRequestBody(
                equalToJson(
                    """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hi"}],
             "stream":true,"stream_options":{"include_usage":true}}
            """)));
  }

  @Test
  void streamWithoutUsageChunk() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(eventStream(sse(ROLE_CHUNK, content("Hi"), STOP_CHUNK, "[DONE]"))));
    List<ChatCompletionChunk> chunks =
        drain(openAi(Map.of("stream_usage", false)).streamChat(REQUEST, OPTIONS));
    assertThat(chunks).hasSize(3);
    assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isNull());
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],\"stream\":true}")));
  }

  @Test
  void includeUsageIsMergedWithTheCallersStreamOptions() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(eventStream(sse(ROLE_CHUNK, STOP_CHUNK, USAGE_CHUNK, "[DONE]"))));
    ChatCompletionRequest request =
        REQUEST.toBuilder()
            .streamOptions(new StreamOptions(false, Map.of("include_obfuscation", false)))
            .extra("foo_bar", Map.of("x", 1))
            .build();

    drain(openAi().streamChat(request, OPTIONS));

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    """
        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hi"}],"stream":true,
         "stream_options":{"include_usage":true,"include_obfuscation":false},"foo_bar":{"x":1}}
        """)));
  }

  @Test
  void errorEventMidStreamIsThrownAfterEarlierChunks() {
    String error =
        "{\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                eventStream(sse(ROLE_CHUNK, content("Hel"), error, content("never"), "[DONE]"))));

    ChunkStream stream = openAi().streamChat(REQUEST, OPTIONS);

    assertThat(stream.next().choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(stream.next().choices().get(0).delta().content()).isEqualTo("Hel");
    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("Sorry about that!");
    assertThat(stream.hasNext()).isFalse();
    stream.close();
  }

  @Test
  void errorEventNamedError() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                eventStream(
                    "data: "
                        + ROLE_CHUNK
                        + "\n\nevent: error\ndata: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}\n\n")));
    ChunkStream stream = openAi().streamChat(REQUEST, OPTIONS);
    assertThat(stream.next()).isNotNull();
    assertThatThrownBy(stream::next)
        .isInstanceOf(RateLimitException.class)
        .hasMessage("Rate limit reached");
  }

  @Test
  void missingDoneEndsNormally() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(eventStream(sse(ROLE_CHUNK, content("Hi"), STOP_CHUNK))));
    ChunkStream stream = openAi().streamChat(REQUEST, OPTIONS);
    assertThat(drain(stream)).hasSize(3);
    assertThat(stream.hasNext()).isFalse();
    assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void emptyStreamIsAnUpstreamError() {
    wm.stubFor(post("/v1/chat/completions").willReturn(eventStream(": keep-alive\n\n")));
    ChunkStream stream = openAi().streamChat(REQUEST, OPTIONS);
    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("before any data");
  }

  @Test
  void keepAliveCommentsAndMultiLineDataAndCrlf() {
    String multiLine = ROLE_CHUNK.replace("\"choices\":", "\n\"choices\":");
    String body =
        ": keep-alive\n\n"
            + "data: "
            + multiLine.replace("\n", "\ndata: ")
            + "\n\n"
            + ": keep-alive\n\n: keep-alive\n\n"
            + "data:"
            + content("A")
            + "\r\n\r\n"
            + ": keep-alive\n\n"
            + "data: "
            + STOP_CHUNK
            + "\n\n"
            + "data: [DONE]\n\n";
    wm.stubFor(post("/v1/chat/completions").willReturn(eventStream(body)));

    List<ChatCompletionChunk> chunks = drain(openAi().streamChat(REQUEST, OPTIONS));

    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(text(chunks)).isEqualTo("A");
  }

  @Test
  void veryLongContentDelta() {
    String big = "x".repeat(1_000_000);
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(eventStream(sse(ROLE_CHUNK, content(big), STOP_CHUNK, "[DONE]"))));
    assertThat(text(drain(openAi().streamChat(REQUEST, OPTIONS)))).isEqualTo(big);
  }

  @Test
  void malformedChunkIsAnUpstreamError() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(eventStream(sse(ROLE_CHUNK, "{\"id\":", "[DONE]"))));
    ChunkStream stream = openAi().streamChat(REQUEST, OPTIONS);
    assertThat(stream.next()).isNotNull();
    assertThatThrownBy(stream::next)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void errorStatusIsThrownByStreamChat() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after-ms", "250")
                    .withBody(
                        Fixtures.error(
                            "Rate limit reached", "requests", null, "rate_limit_exceeded"))));
    assertThatThrownBy(() -> openAi().streamChat(REQUEST, OPTIONS))
        .isInstanceOfSatisfying(
            RateLimitException.class, e -> assertThat(e.retryAfter()).hasMillis(250));
  }

  @Test
  void jsonErrorWithSuccessStatusInsteadOfAStream() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(okJson(Fixtures.error("overloaded", "server_error", null, null))));
    assertThatThrownBy(() -> openAi().streamChat(REQUEST, OPTIONS))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessage("overloaded");
  }

  @Test
  void connectionResetBeforeHeaders() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> openAi().streamChat(REQUEST, OPTIONS))
        .isInstanceOf(ConnectionException.class);
  }

  @Test
  void malformedHttpChunkMidStream() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    // OkHttp reports a malformed HTTP answer; Jetty and the JDK client a connection that broke.
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> drain(openAi().streamChat(REQUEST, OPTIONS)));
    assertThat(e).isInstanceOfAny(UpstreamServerException.class, ConnectionException.class);
    assertThat(e.isRetriable()).isTrue();
  }

  @Test
  void slowFirstBytePastTheFirstChunkTimeout() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(eventStream(sse(ROLE_CHUNK, "[DONE]")).withFixedDelay(1500)));
    assertThatThrownBy(() -> drain(openAi().streamChat(REQUEST, Fixtures.timeouts(5000, 200))))
        .isInstanceOf(LlmTimeoutException.class);
  }

  @Test
  void closeMidStreamReleasesTheConnection() {
    StringBuilder body = new StringBuilder("data: " + ROLE_CHUNK + "\n\n");
    for (int i = 0; i < 2000; i++) {
      body.append("data: ").append(content("token" + i + " ")).append("\n\n");
    }
    body.append("data: [DONE]\n\n");
    wm.stubFor(post("/v1/chat/completions").willReturn(eventStream(body.toString())));
    Provider provider = openAi();

    ChunkStream stream = provider.streamChat(REQUEST, OPTIONS);
    assertThat(stream.next()).isNotNull();
    assertThat(stream.next().choices().get(0).delta().content()).isEqualTo("token0 ");
    stream.close();
    stream.close();

    assertThat(stream.hasNext()).isFalse();
    assertThatThrownBy(stream::next)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("stream closed");
    for (int i = 0; i < 3; i++) {
      wm.stubFor(
          post("/v1/chat/completions")
              .willReturn(eventStream(sse(ROLE_CHUNK, content("ok"), STOP_CHUNK, "[DONE]"))));
      assertThat(text(drain(provider.streamChat(REQUEST, OPTIONS)))).isEqualTo("ok");
    }
  }

  @Test
  void closeAfterEndIsSafe() {
    wm.stubFor(post("/v1/chat/completions").willReturn(eventStream(sse(ROLE_CHUNK, "[DONE]"))));
    ChunkStream stream = openAi().streamChat(REQUEST, OPTIONS);
    assertThat(drain(stream)).hasSize(1);
    stream.close();
    assertThat(stream.hasNext()).isFalse();
  }
}
