package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.llmux.api.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/completions} with {@code "stream": true}: the facade relays the router's
 * completion stream as Server-Sent Events in OpenAI's framing, natively from an {@code openai}
 * upstream and mapped from a chat-only one ({@code groq}); the official openai-java SDK reads it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacadeCompletionStreamTest {
  static final String KEY = "sk-caller";

  static final String NATIVE_STREAM =
      """
      data: {"id":"cmpl-up","object":"text_completion","created":1718000000,"choices":[{"text":"This","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-3.5-turbo-instruct"}

      data: {"id":"cmpl-up","object":"text_completion","created":1718000000,"choices":[{"text":" is a test","index":0,"logprobs":null,"finish_reason":"length"}],"model":"gpt-3.5-turbo-instruct"}

      data: {"id":"cmpl-up","object":"text_completion","created":1718000000,"choices":[],"model":"gpt-3.5-turbo-instruct","usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}

      data: [DONE]

      """;

  static final String CHAT_STREAM =
      """
      data: {"id":"chatcmpl-g","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

      data: {"id":"chatcmpl-g","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

      data: {"id":"chatcmpl-g","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"content":" there"},"finish_reason":"stop"}]}

      data: {"id":"chatcmpl-g","object":"chat.completion.chunk","created":1,"model":"llama","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}

      data: [DONE]

      """;

  static final String BROKEN_STREAM =
      """
      data: {"id":"cmpl-b","object":"text_completion","created":1,"choices":[{"text":"Hal","index":0,"logprobs":null,"finish_reason":null}],"model":"broken"}

      data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}

      """;

  WireMockServer wm;
  Main.Launched facade;
  OpenAIClient sdk;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "text/event-stream")
        .withBody(body);
  }

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-3.5-turbo-instruct")))
            .willReturn(sse(NATIVE_STREAM)));
    wm.stubFor(
        post(urlEqualTo("/v1/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("broken")))
            .willReturn(sse(BROKEN_STREAM)));
    wm.stubFor(
        post(urlEqualTo("/v1/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("limited")))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Retry-After", "2")
                    .withBody(
                        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")));
    wm.stubFor(post(urlEqualTo("/groq/chat/completions")).willReturn(sse(CHAT_STREAM)));
    Path config = dir.resolve("llmux.yaml");
    Files.writeString(
        config,
        """
        providers:
          - name: upstream
            type: openai
            api_key: sk-upstream
            base_url: %1$s/v1
            models:
              - {name: instruct, model: gpt-3.5-turbo-instruct}
              - {name: broken, model: broken}
              - {name: limited, model: limited}
          - name: groq
            type: groq
            api_key: gsk-up
            base_url: %1$s/groq
            models:
              - {name: llama, model: llama-3.1-8b-instant}
        routing:
          retry_count: 0
        server:
          master_key: %2$s
        """
            .formatted(wm.baseUrl(), KEY));
    facade = Main.launch(config, 0);
    sdk =
        OpenAIOkHttpClient.builder()
            .baseUrl(facade.server().baseUri() + "/v1")
            .apiKey(KEY)
            .maxRetries(0)
            .build();
  }

  @AfterAll
  void stop() throws Exception {
    sdk.close();
    if (facade != null) {
      facade.server().stop();
      facade.router().close();
    }
    wm.stop();
  }

  HttpResponse<String> call(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(facade.server().baseUri().resolve("/v1/completions"))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The data of each SSE event of {@code body}; each event must be one {@code data:} line. */
  static List<String> data(String body) {
    List<String> out = new ArrayList<>();
    for (String e : body.split("\n\n")) {
      assertThat(e).startsWith("data: ").doesNotContain("\n");
      out.add(e.substring(6));
    }
    return out;
  }

  @Test
  void theSdkStreamsANativeCompletion() {
    try (StreamResponse<Completion> s =
        sdk.completions()
            .createStreaming(
                CompletionCreateParams.builder()
                    .model("instruct")
                    .prompt("Say this is a test")
                    .maxTokens(7)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      List<Completion> chunks = s.stream().toList();
      String text =
          chunks.stream()
              .flatMap(c -> c.choices().stream())
              .map(ch -> ch.text())
              .collect(Collectors.joining());
      assertThat(text).isEqualTo("This is a test");
      Completion last = chunks.get(chunks.size() - 1);
      assertThat(last.choices()).isEmpty();
      assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(4);
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-3.5-turbo-instruct")))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("7"))));
  }

  @Test
  void aChatOnlyUpstreamIsRelayedAsTextCompletionChunks() throws Exception {
    HttpResponse<String> r = call("{\"model\":\"llama\",\"prompt\":\"Hi\",\"stream\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(r.headers().firstValue("x-llmux-deployment")).isPresent();
    assertThat(r.body()).endsWith("data: [DONE]\n\n");
    List<String> data = data(r.body());
    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    StringBuilder text = new StringBuilder();
    for (String d : data.subList(0, data.size() - 1)) {
      JsonNode chunk = Json.read(d, JsonNode.class);
      assertThat(chunk.get("object").asText()).isEqualTo("text_completion");
      assertThat(chunk.has("usage")).isFalse(); // not asked for
      text.append(chunk.at("/choices/0/text").asText());
    }
    assertThat(text.toString()).isEqualTo("Hi there");
    assertThat(
            Json.read(data.get(data.size() - 2), JsonNode.class)
                .at("/choices/0/finish_reason")
                .asText())
        .isEqualTo("stop");
    wm.verify(
        postRequestedFor(urlEqualTo("/groq/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer gsk-up"))
            .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Hi")))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
  }

  @Test
  void anErrorBeforeTheFirstChunkIsAnOpenAiErrorResponse() throws Exception {
    HttpResponse<String> r = call("{\"model\":\"limited\",\"prompt\":\"Hi\",\"stream\":true}");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    assertThat(Json.read(r.body(), JsonNode.class).at("/error/type").asText())
        .isEqualTo("rate_limit_error");
    assertThatThrownBy(
            () ->
                sdk
                    .completions()
                    .createStreaming(
                        CompletionCreateParams.builder().model("limited").prompt("x").build())
                    .stream()
                    .toList())
        .isInstanceOf(RateLimitException.class);
  }

  @Test
  void anErrorAfterTheFirstChunkIsAnErrorEventWithoutDone() throws Exception {
    HttpResponse<String> r = call("{\"model\":\"broken\",\"prompt\":\"Hi\",\"stream\":true}");
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> data = data(r.body());
    assertThat(Json.read(data.get(0), JsonNode.class).at("/choices/0/text").asText())
        .isEqualTo("Hal");
    JsonNode error = Json.read(data.get(data.size() - 1), JsonNode.class);
    assertThat(error.at("/error/message").asText()).contains("The server had an error");
    assertThat(r.body()).doesNotContain("[DONE]");
  }

  @Test
  void aBadStreamRequestIsA400() throws Exception {
    HttpResponse<String> r =
        call("{\"model\":\"llama\",\"prompt\":\"Hi\",\"echo\":true,\"stream\":true}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.read(r.body(), JsonNode.class).at("/error/message").asText())
        .contains("native completions upstream");
  }
}
