package dev.llmux.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.HttpMethod;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpRequestBody;
import com.openai.core.http.HttpResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport on its own: the exact SSE bytes, error bodies, and the SDK's async streaming over
 * it.
 */
class LlmuxHttpClientTest {
  LlmRouter router;

  @BeforeEach
  void setUp() {
    router =
        LlmRouter.builder()
            .provider(
                new ProviderConfig(
                    "mock", "mock", null, null, Map.of("mode", "fixed", "text", "one two")))
            .deployment(Deployment.builder("chat", "mock").model("mock-fixed").build())
            .build();
  }

  @AfterEach
  void tearDown() {
    router.close();
  }

  static HttpRequest post(String json, String... path) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder b =
        HttpRequest.builder()
            .method(HttpMethod.POST)
            .baseUrl("https://api.openai.com/v1")
            .body(
                new HttpRequestBody() {
                  @Override
                  public void writeTo(OutputStream out) {
                    try {
                      out.write(bytes);
                    } catch (java.io.IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }

                  @Override
                  public String contentType() {
                    return "application/json";
                  }

                  @Override
                  public long contentLength() {
                    return bytes.length;
                  }

                  @Override
                  public boolean repeatable() {
                    return true;
                  }

                  @Override
                  public void close() {}

                  @Override
                  public InputStream content() {
                    return new ByteArrayInputStream(bytes);
                  }
                });
    for (String p : path) {
      b.addPathSegment(p);
    }
    return b.build();
  }

  static String body(HttpResponse r) throws Exception {
    try (r) {
      return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sseBodyIsOpenAisFormat() throws Exception {
    LlmuxHttpClient http = LlmuxHttpClient.of(router);
    HttpResponse r =
        http.execute(
            post(
                "{\"model\":\"chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "chat",
                "completions"),
            RequestOptions.none());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().values("content-type").get(0)).startsWith("text/event-stream");
    String sse = body(r);
    assertThat(sse).startsWith("data: {\"id\":");
    assertThat(sse).endsWith("}\n\ndata: [DONE]\n\n");
    for (String event : sse.split("\n\n")) {
      assertThat(event).startsWith("data: ").doesNotContain("\n");
    }
    assertThat(sse).contains("\"object\":\"chat.completion.chunk\"").contains("\"content\":\"one");
    http.close();
  }

  @Test
  void legacyCompletionStreamIsChatFramedTextCompletionChunks() throws Exception {
    LlmuxHttpClient http = LlmuxHttpClient.of(router);
    HttpResponse r =
        http.execute(
            post("{\"model\":\"chat\",\"stream\":true,\"prompt\":\"x\"}", "completions"),
            RequestOptions.none());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().values("content-type").get(0)).startsWith("text/event-stream");
    String sse = body(r);
    assertThat(sse).endsWith("}\n\ndata: [DONE]\n\n");
    for (String event : sse.split("\n\n")) {
      assertThat(event).startsWith("data: ").doesNotContain("\n");
    }
    assertThat(sse)
        .contains("\"object\":\"text_completion\"")
        .contains("\"text\":\"one")
        .doesNotContain("chat.completion.chunk");
    http.close();
  }

  @Test
  void responsesSseIsOpenAisResponsesFormat() throws Exception {
    LlmuxHttpClient http = LlmuxHttpClient.of(router);
    HttpResponse r =
        http.execute(
            post("{\"model\":\"chat\",\"stream\":true,\"input\":\"x\"}", "responses"),
            RequestOptions.none());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().values("content-type").get(0)).startsWith("text/event-stream");
    assertThat(r.headers().values("x-llmux-deployment")).hasSize(1);
    String sse = body(r);
    assertThat(sse)
        .startsWith(
            "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,");
    assertThat(sse).endsWith("}\n\n").doesNotContain("[DONE]");
    int seq = 0;
    for (String event : sse.split("\n\n")) {
      String[] lines = event.split("\n");
      assertThat(lines).hasSize(2);
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1])
          .startsWith(
              "data: {\"type\":\""
                  + lines[0].substring(7)
                  + "\",\"sequence_number\":"
                  + seq++
                  + ",");
    }
    assertThat(sse).contains("event: response.output_text.delta\n").contains("\"delta\":\"one");
    assertThat(sse.substring(sse.lastIndexOf("event: "))).startsWith("event: response.completed\n");

    HttpResponse plain =
        http.execute(
            post("{\"model\":\"chat\",\"input\":\"x\"}", "responses"), RequestOptions.none());
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(body(plain)).contains("\"object\":\"response\"").contains("\"text\":\"one two\"");

    HttpResponse completion =
        http.execute(
            post("{\"model\":\"chat\",\"prompt\":\"x\"}", "completions"), RequestOptions.none());
    assertThat(completion.statusCode()).isEqualTo(200);
    assertThat(body(completion))
        .contains("\"object\":\"text_completion\"")
        .contains("\"text\":\"one two\"");

    HttpResponse stored = http.execute(post("{}", "responses", "resp_1"), RequestOptions.none());
    assertThat(stored.statusCode()).isEqualTo(400);
    assertThat(body(stored)).contains("unsupported_endpoint");
    http.close();
  }

  @Test
  void errorBodiesAreOpenAiErrors() throws Exception {
    LlmuxHttpClient http = LlmuxHttpClient.of(router);
    HttpResponse r =
        http.execute(
            post("{\"model\":\"nope\",\"messages\":[]}", "chat", "completions"),
            RequestOptions.none());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(body(r))
        .contains("\"error\":{")
        .contains("\"code\":\"model_not_found\"")
        .contains("\"type\":\"invalid_request_error\"");

    HttpResponse bad =
        http.execute(post("{not json", "chat", "completions"), RequestOptions.none());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(body(bad)).contains("\"type\":\"invalid_request_error\"");

    HttpResponse images = http.execute(post("{}", "images", "generations"), RequestOptions.none());
    assertThat(images.statusCode()).isEqualTo(400);
    assertThat(body(images)).contains("unsupported_endpoint").contains("POST /images/generations");
    http.close();
  }

  @Test
  void sdkAsyncStreaming() throws Exception {
    OpenAIClientAsync async = LlmuxOpenAi.builder(router).buildAsync();
    StringBuilder text = new StringBuilder();
    CompletableFuture<Void> done = new CompletableFuture<>();
    async
        .chat()
        .completions()
        .createStreaming(
            ChatCompletionCreateParams.builder().model("chat").addUserMessage("x").build())
        .subscribe(
            new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
              @Override
              public void onNext(ChatCompletionChunk chunk) {
                chunk.choices().forEach(c -> text.append(c.delta().content().orElse("")));
              }

              @Override
              public void onComplete(java.util.Optional<Throwable> error) {
                error.ifPresentOrElse(done::completeExceptionally, () -> done.complete(null));
              }
            });
    done.get(30, TimeUnit.SECONDS);
    assertThat(text.toString()).isEqualTo("one two");
    async.close();
  }
}
