package dev.llmux.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.embedding.EmbeddingResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MockUpstreamTest {
  static MockUpstream mock;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    mock = new MockUpstream(new MockUpstream.Options("127.0.0.1", 0, 1000, 4, 1000)).start();
  }

  @AfterAll
  static void stop() throws Exception {
    mock.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(mock.baseUrl() + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void chatAnswersAnOpenAiShapedCompletion() throws Exception {
    HttpResponse<String> r =
        post("/chat/completions", String.format(LoadDriver.CHAT_BODY, "mock-gpt", ""));
    assertThat(r.statusCode()).isEqualTo(200);
    ChatCompletionResponse c = Json.read(r.body(), ChatCompletionResponse.class);
    assertThat(c.text()).contains("benchmark mock");
    assertThat(c.usage().totalTokens()).isEqualTo(21);
  }

  @Test
  void streamSendsTheConfiguredChunksThenDone() throws Exception {
    HttpResponse<String> r =
        post(
            "/chat/completions",
            "{\"model\":\"m\",\"stream\" : true,\"stream_options\":{\"include_usage\":true},\"messages\":[]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<String> events =
        r.body()
            .lines()
            .filter(l -> l.startsWith("data: "))
            .map(l -> l.substring(6))
            .collect(Collectors.toList());
    assertThat(events).last().isEqualTo("[DONE]");
    List<ChatCompletionChunk> chunks =
        events.subList(0, events.size() - 1).stream()
            .map(e -> Json.read(e, ChatCompletionChunk.class))
            .collect(Collectors.toList());
    // 4 content chunks, a finish chunk, a usage chunk
    assertThat(chunks).hasSize(6);
    assertThat(chunks.get(4).choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(chunks.get(5).usage()).isNotNull();
  }

  @Test
  void embeddingsAndModels() throws Exception {
    HttpResponse<String> r = post("/embeddings", "{\"model\":\"e\",\"input\":\"hi\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.read(r.body(), EmbeddingResponse.class).data()).hasSize(1);
    HttpResponse<String> m =
        client.send(
            HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/models")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(m.body()).contains("mock-gpt");
  }

  @Test
  void streamFlagIsFoundWithOrWithoutSpaces() {
    assertThat(MockUpstream.isStream("{\"stream\":true}")).isTrue();
    assertThat(MockUpstream.isStream("{\"stream\" :\n true}")).isTrue();
    assertThat(MockUpstream.isStream("{\"stream\":false}")).isFalse();
    assertThat(MockUpstream.isStream("{\"model\":\"m\"}")).isFalse();
  }
}
