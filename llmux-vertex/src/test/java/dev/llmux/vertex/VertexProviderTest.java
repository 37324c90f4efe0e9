package dev.llmux.vertex;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VertexProviderTest extends VertexTestSupport {
  static final String GEMINI = LOCATION_PATH + "/publishers/google/models/gemini-2.5-pro";
  static final String CLAUDE =
      LOCATION_PATH + "/publishers/anthropic/models/claude-sonnet-4@20250514";

  static final String CLAUDE_MESSAGE =
      """
      {"id":"msg_vrtx_01AbCdEf","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
       "content":[{"type":"text","text":"Bonjour !"}],"stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":6}}""";

  static final String CLAUDE_STREAM =
      """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_vrtx_02","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-20250514","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Bon"}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"jour"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}

      event: message_stop
      data: {"type":"message_stop"}

      """;

  static final String GEMINI_STREAM =
      """
      data: {"candidates":[{"content":{"parts":[{"text":"The sky"}],"role":"model"}}],"usageMetadata":{"promptTokenCount":4,"totalTokenCount":4},"modelVersion":"gemini-2.5-pro","responseId":"vx-1"}

      data: {"candidates":[{"content":{"parts":[{"text":" is blue."}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":5,"totalTokenCount":9},"modelVersion":"gemini-2.5-pro","responseId":"vx-1"}

      """;

  @BeforeEach
  void token() {
    wm.stubFor(post("/token").willReturn(okJson(tokenAnswer("ya29.test", 3600))));
  }

  static List<ChatCompletionChunk> drain(ChunkStream stream) {
    List<ChatCompletionChunk> out = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(out::add);
    }
    return out;
  }

  static String text(List<ChatCompletionChunk> chunks) {
    StringBuilder sb = new StringBuilder();
    for (ChatCompletionChunk c : chunks) {
      c.choices()
          .forEach(
              ch -> {
                if (ch.delta().content() != null) {
                  sb.append(ch.delta().content());
                }
              });
    }
    return sb.toString();
  }

  @Test
  void geminiOnVertexUsesTheGeminiTranslationUnderTheVertexUrl() {
    wm.stubFor(
        post(GEMINI + ":generateContent")
            .willReturn(
                okJson(
                    """
        {"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_weather","args":{"location":"Paris"}}}],"role":"model"},
          "finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":5,"totalTokenCount":25},
         "modelVersion":"gemini-2.5-pro","responseId":"vx-0"}""")));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("gemini-2.5-pro")
            .addMessage(ChatMessage.system("Be brief."))
            .addMessage(ChatMessage.user("Weather in Paris?"))
            .tools(
                List.of(
                    Tool.function(
                        "get_weather",
                        "Get the weather",
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of("location", Map.of("type", "string"))))))
            .temperature(0.2)
            .maxTokens(64)
            .build();
    ChatCompletionResponse r = vertex().chat(request, OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(GEMINI + ":generateContent"))
            .withHeader("Authorization", equalTo("Bearer ya29.test"))
            .withHeader("x-goog-api-key", absent())
            .withRequestBody(
                equalToJson(
                    """
            {"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]}],
             "systemInstruction":{"parts":[{"text":"Be brief."}]},
             "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Get the weather",
                "parameters":{"type":"object","properties":{"location":{"type":"string"}}}}]}],
             "generationConfig":{"temperature":0.2,"maxOutputTokens":64}}
            """)));
    assertThat(r.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(r.choices().get(0).message().toolCalls().get(0).function().arguments())
        .isEqualTo("{\"location\":\"Paris\"}");
    assertThat(r.usage().totalTokens()).isEqualTo(25);
  }

  @Test
  void geminiStreamOnVertexIsSse() {
    wm.stubFor(
        post(GEMINI + ":streamGenerateContent?alt=sse")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(GEMINI_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            vertex()
                .streamChat(
                    ChatCompletionRequest.of("gemini-2.5-pro", ChatMessage.user("Sky?")), OPTIONS));
    assertThat(text(chunks)).isEqualTo("The sky is blue.");
    assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(9);
    wm.verify(
        postRequestedFor(urlEqualTo(GEMINI + ":streamGenerateContent?alt=sse"))
            .withHeader("Authorization", equalTo("Bearer ya29.test")));
  }

  @Test
  void claudeOnVertexIsRawPredictWithTheVersionInTheBodyAndNoModel() {
    wm.stubFor(post(CLAUDE + ":rawPredict").willReturn(okJson(CLAUDE_MESSAGE)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("claude-sonnet-4@20250514")
            .addMessage(ChatMessage.system("Answer in French."))
            .addMessage(ChatMessage.user("Hello"))
            .maxTokens(100)
            .build();
    ChatCompletionResponse r = vertex().chat(request, OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE + ":rawPredict"))
            .withHeader("Authorization", equalTo("Bearer ya29.test"))
            .withHeader("anthropic-version", absent())
            .withHeader("x-api-key", absent())
            .withRequestBody(
                equalToJson(
                    """
            {"anthropic_version":"vertex-2023-10-16","max_tokens":100,
             "system":[{"type":"text","text":"Answer in French."}],
             "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}
            """)));
    assertThat(r.text()).isEqualTo("Bonjour !");
    assertThat(r.id()).isEqualTo("msg_vrtx_01AbCdEf");
    assertThat(r.usage().promptTokens()).isEqualTo(12);
  }

  @Test
  void claudeStreamOnVertexIsStreamRawPredict() {
    wm.stubFor(
        post(CLAUDE + ":streamRawPredict")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(CLAUDE_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            vertex()
                .streamChat(
                    ChatCompletionRequest.of("claude-sonnet-4@20250514", ChatMessage.user("Hello")),
                    OPTIONS));
    assertThat(text(chunks)).isEqualTo("Bonjour");
    assertThat(chunks.get(chunks.size() - 1).usage().completionTokens()).isEqualTo(4);
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE + ":streamRawPredict"))
            .withRequestBody(
                equalToJson(
                    """
        {"anthropic_version":"vertex-2023-10-16","max_tokens":64000,
         "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}],"stream":true}
        """)));
  }

  @Test
  void anthropicBetaAndPublisherSettings() {
    String path = LOCATION_PATH + "/publishers/anthropic/models/my-tuned-model:rawPredict";
    wm.stubFor(post(path).willReturn(okJson(CLAUDE_MESSAGE)));
    VertexProvider p =
        VertexProviderFactory.create(
            config(
                Map.of(
                    "publisher", "anthropic", "anthropic_beta", List.of("context-1m-2025-08-07"))),
            Clock.systemUTC());
    p.chat(ChatCompletionRequest.of("my-tuned-model", ChatMessage.user("Hi")), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(path))
            .withHeader("anthropic-beta", equalTo("context-1m-2025-08-07")));
  }

  @Test
  void quotaExhaustionIsARateLimitWithTheRetryDelay() {
    wm.stubFor(
        post(GEMINI + ":generateContent")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"error":{"code":429,"message":"Resource exhausted. Please try again later.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}""")));
    assertThatThrownBy(
            () ->
                vertex()
                    .chat(
                        ChatCompletionRequest.of("gemini-2.5-pro", ChatMessage.user("Hi")),
                        OPTIONS))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void embeddingsArePredictInstances() {
    String path = LOCATION_PATH + "/publishers/google/models/text-embedding-005:predict";
    wm.stubFor(
        post(path)
            .willReturn(
                okJson(
                    """
        {"predictions":[
          {"embeddings":{"statistics":{"truncated":false,"token_count":3},"values":[0.1,0.2]}},
          {"embeddings":{"statistics":{"truncated":false,"token_count":4},"values":[0.3,0.4]}}],
         "metadata":{"billableCharacterCount":20}}""")));
    EmbeddingResponse r =
        vertex()
            .embed(
                new EmbeddingRequest(
                    "text-embedding-005",
                    List.of("hello there", "good bye"),
                    null,
                    256,
                    null,
                    Map.of("task_type", "RETRIEVAL_DOCUMENT")),
                OPTIONS);
    assertThat(r.data()).hasSize(2);
    assertThat(r.usage().promptTokens()).isEqualTo(7);
    wm.verify(
        postRequestedFor(urlEqualTo(path))
            .withRequestBody(
                equalToJson(
                    """
        {"instances":[{"content":"hello there","task_type":"RETRIEVAL_DOCUMENT"},
                      {"content":"good bye","task_type":"RETRIEVAL_DOCUMENT"}],
         "parameters":{"outputDimensionality":256}}""")));
    assertThatThrownBy(
            () -> vertex().embed(EmbeddingRequest.of("claude-sonnet-4@20250514", "x"), OPTIONS))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void urlsForRegionalAndGlobalLocations() {
    VertexProvider regional =
        VertexProviderFactory.create(
            new ProviderConfig(
                "g",
                "vertex_ai",
                null,
                null,
                Map.of("credentials", serviceAccountJson(), "location", "europe-west4")),
            Clock.systemUTC());
    assertThat(regional.url("google", "gemini-2.5-flash", "generateContent").toString())
        .isEqualTo(
            "https://europe-west4-aiplatform.googleapis.com/v1/projects/my-project/locations/europe-west4"
                + "/publishers/google/models/gemini-2.5-flash:generateContent");
    VertexProvider global =
        VertexProviderFactory.create(
            new ProviderConfig(
                "g",
                "vertex_ai",
                null,
                null,
                Map.of(
                    "credentials",
                    serviceAccountJson(),
                    "location",
                    "global",
                    "project",
                    "other-project")),
            Clock.systemUTC());
    assertThat(global.url("anthropic", "claude-opus-4-1@20250805", "streamRawPredict").toString())
        .isEqualTo(
            "https://aiplatform.googleapis.com/v1/projects/other-project/locations/global"
                + "/publishers/anthropic/models/claude-opus-4-1@20250805:streamRawPredict");
    assertThat(VertexProvider.modelName("publishers/google/models/gemini-2.5-pro"))
        .isEqualTo("gemini-2.5-pro");
  }

  @Test
  void configurationErrorsNameTheSetting() {
    assertThatThrownBy(
            () ->
                VertexProviderFactory.create(
                    config(Map.of("publisher", "meta")), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("publisher");
    assertThatThrownBy(
            () ->
                VertexProviderFactory.create(
                    config(Map.of("credentials", "{\"type\":\"nonsense\"}")), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentials");
    assertThatThrownBy(
            () ->
                VertexProviderFactory.create(
                    config(Map.of("credentials", "/no/such/key.json")), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be read");
    assertThatThrownBy(
            () ->
                VertexProviderFactory.create(
                    new ProviderConfig(
                        "g",
                        "vertex_ai",
                        "AIza",
                        null,
                        Map.of("credentials", serviceAccountJson())),
                    Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api_key");
  }

  @Test
  void foundByServiceLoaderWithItsPrefixAndSettings() {
    ProviderFactory f =
        ServiceLoader.load(ProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.type().equals("vertex_ai"))
            .findFirst()
            .orElseThrow();
    assertThat(f.litellmPrefixes()).containsExactly("vertex_ai");
    assertThat(f.settings())
        .extracting(s -> s.name() + "<-" + s.litellmName())
        .contains(
            "project<-vertex_project",
            "location<-vertex_location",
            "credentials<-vertex_credentials");
  }
}
