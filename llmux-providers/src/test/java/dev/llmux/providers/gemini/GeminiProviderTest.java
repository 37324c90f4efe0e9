package dev.llmux.providers.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.JsonSchema;
import dev.llmux.api.chat.ResponseFormat;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.WireMockTestBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiProviderTest extends WireMockTestBase {
  static final String GENERATE = "/v1beta/models/gemini-2.0-flash:generateContent";
  static final String STREAM = "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse";
  static final Map<String, Object> WEATHER_PARAMS =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("location", Map.of("type", "string")),
          "required",
          List.of("location"),
          "additionalProperties",
          false);

  static Provider gemini(Map<String, Object> settings) {
    return new GeminiProviderFactory()
        .create(new ProviderConfig("g", "gemini", "AIza-test", wm.baseUrl(), settings));
  }

  static Provider gemini() {
    return gemini(Map.of());
  }

  static void verifyBody(String path, String json) {
    wm.verify(postRequestedFor(urlEqualTo(path)).withRequestBody(equalToJson(json)));
  }

  @Test
  void plainTextWithSystemAndMultiTurn() {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.TEXT_RESPONSE)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("gemini-2.0-flash")
            .addMessage(ChatMessage.system("You are terse."))
            .addMessage(ChatMessage.user("Hello"))
            .addMessage(ChatMessage.user("Explain AI"))
            .addMessage(ChatMessage.assistant("Sure."))
            .addMessage(ChatMessage.user("Briefly."))
            .temperature(0.4)
            .topP(0.8)
            .extra("top_k", 20)
            .maxTokens(100)
            .stop(List.of("END"))
            .n(2)
            .presencePenalty(0.5)
            .frequencyPenalty(0.25)
            .seed(42L)
            .build();
    ChatCompletionResponse r = gemini().chat(request, OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(GENERATE)).withHeader("x-goog-api-key", equalTo("AIza-test")));
    verifyBody(
        GENERATE,
        """
        {"contents":[
           {"role":"user","parts":[{"text":"Hello"},{"text":"Explain AI"}]},
           {"role":"model","parts":[{"text":"Sure."}]},
           {"role":"user","parts":[{"text":"Briefly."}]}],
         "systemInstruction":{"parts":[{"text":"You are terse."}]},
         "generationConfig":{"temperature":0.4,"topP":0.8,"topK":20,"maxOutputTokens":100,"stopSequences":["END"],
           "candidateCount":2,"presencePenalty":0.5,"frequencyPenalty":0.25,"seed":42}}
        """);
    assertThat(r.id()).isEqualTo("mAitZ8K1GYqXm9IPv9nFmAI");
    assertThat(r.model()).isEqualTo("gemini-2.0-flash");
    assertThat(r.text()).isEqualTo("AI learns patterns from data.");
    assertThat(r.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(r.usage().promptTokens()).isEqualTo(8);
    assertThat(r.usage().completionTokens()).isEqualTo(12);
    assertThat(r.usage().totalTokens()).isEqualTo(20);
  }

  @Test
  void imagesAsInlineDataAndFileData() {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.TEXT_RESPONSE)));
    gemini()
        .chat(
            ChatCompletionRequest.builder()
                .model("gemini-2.0-flash")
                .addMessage(
                    ChatMessage.user(
                        ContentPart.text("Describe"),
                        ContentPart.image("data:image/jpeg;base64,/9j/4AAQ"),
                        ContentPart.image("https://example.com/cat.png")))
                .build(),
            OPTIONS);
    verifyBody(
        GENERATE,
        """
        {"contents":[{"role":"user","parts":[
          {"text":"Describe"},
          {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}},
          {"fileData":{"mimeType":"image/png","fileUri":"https://example.com/cat.png"}}]}]}
        """);
  }

  @Test
  void toolsParallelCallsAndToolResults() {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.FUNCTION_CALL_RESPONSE)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("gemini-2.0-flash")
            .tools(List.of(Tool.function("get_weather", "Get the weather", WEATHER_PARAMS)))
            .toolChoice(ToolChoice.REQUIRED)
            .addMessage(ChatMessage.user("Weather in SF and NYC?"))
            .addMessage(
                ChatMessage.assistant(
                    null,
                    List.of(
                        ToolCall.function(
                            "call_1", "get_weather", "{\"location\":\"San Francisco, CA\"}"),
                        ToolCall.function(
                            "call_2", "get_weather", "{\"location\":\"New York, NY\"}"))))
            .addMessage(ChatMessage.tool("call_1", "{\"temp\":15}"))
            .addMessage(ChatMessage.tool("call_2", "20 degrees"))
            .build();
    ChatCompletionResponse r = gemini().chat(request, OPTIONS);
    verifyBody(
        GENERATE,
        """
        {"contents":[
          {"role":"user","parts":[{"text":"Weather in SF and NYC?"}]},
          {"role":"model","parts":[
            {"functionCall":{"name":"get_weather","args":{"location":"San Francisco, CA"}}},
            {"functionCall":{"name":"get_weather","args":{"location":"New York, NY"}}}]},
          {"role":"user","parts":[
            {"functionResponse":{"name":"get_weather","response":{"temp":15}}},
            {"functionResponse":{"name":"get_weather","response":{"content":"20 degrees"}}}]}],
         "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Get the weather",
           "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}]}],
         "toolConfig":{"functionCallingConfig":{"mode":"ANY"}}}
        """);
    assertThat(r.choices().get(0).finishReason()).isEqualTo("tool_calls");
    List<ToolCall> calls = r.choices().get(0).message().toolCalls();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).id()).isEqualTo("call_resp-fc_0_0");
    assertThat(calls.get(1).id()).isEqualTo("call_resp-fc_0_1");
    assertThat(calls.get(0).function().name()).isEqualTo("get_weather");
    assertThat(calls.get(0).function().arguments())
        .isEqualTo("{\"location\":\"San Francisco, CA\"}");
    assertThat(r.choices().get(0).message().content()).isNull();
  }

  @Test
  void thoughtSignaturesRideInTheToolCallIdAndGoBack() {
    wm.stubFor(
        post(GENERATE)
            .willReturn(
                okJson(
                    """
        {"candidates":[{"content":{"role":"model","parts":[
           {"functionCall":{"name":"get_weather","args":{"location":"Paris"}},"thoughtSignature":"CiQBcsjafQ=="}]},
           "finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":5,"totalTokenCount":10},"responseId":"sig"}""")));
    ChatCompletionResponse first =
        gemini()
            .chat(ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("w?")), OPTIONS);
    ToolCall call = first.choices().get(0).message().toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_sig_0_0__thought__CiQBcsjafQ==");
    wm.resetRequests();
    gemini()
        .chat(
            ChatCompletionRequest.builder()
                .model("gemini-2.0-flash")
                .addMessage(ChatMessage.user("w?"))
                .addMessage(ChatMessage.assistant(null, List.of(call)))
                .addMessage(ChatMessage.tool(call.id(), "sunny"))
                .build(),
            OPTIONS);
    verifyBody(
        GENERATE,
        """
        {"contents":[{"role":"user","parts":[{"text":"w?"}]},
          {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"location":"Paris"}},"thoughtSignature":"CiQBcsjafQ=="}]},
          {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"content":"sunny"}}}]}]}""");
  }

  @Test
  void thoughtStreamGivesReasoningContent() {
    wm.stubFor(
        post(STREAM)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(
                        sse(
                            null,
                                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hmm.\",\"thought\":true}]},\"index\":0}],\"responseId\":\"t\"}",
                            null,
                                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"4\"}]},\"finishReason\":\"MAX_TOKENS\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"thoughtsTokenCount\":2,\"totalTokenCount\":6},\"responseId\":\"t\"}"))));
    List<ChatCompletionChunk> chunks =
        drain(
            gemini()
                .streamChat(
                    ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")), OPTIONS));
    assertThat(
            chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(c -> c.delta().reasoningContent())
                .filter(s -> s != null)
                .toList())
        .containsExactly("Hmm.");
    assertThat(content(chunks)).isEqualTo("4");
    assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason()).isEqualTo("length");
    assertThat(chunks.get(chunks.size() - 1).usage().completionTokens()).isEqualTo(3);
    assertThat(chunks.get(chunks.size() - 1).usage().reasoningTokens()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "auto|{\"mode\":\"AUTO\"}",
        "none|{\"mode\":\"NONE\"}",
        "named|{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}"
      })
  void toolChoiceModes(String mode, String expected) {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.TEXT_RESPONSE)));
    ToolChoice choice =
        switch (mode) {
          case "auto" -> ToolChoice.AUTO;
          case "none" -> ToolChoice.NONE;
          default -> ToolChoice.function("f");
        };
    gemini()
        .chat(
            ChatCompletionRequest.builder()
                .model("gemini-2.0-flash")
                .tools(List.of(Tool.function("f", null, null)))
                .toolChoice(choice)
                .addMessage(ChatMessage.user("hi"))
                .build(),
            OPTIONS);
    verifyBody(
        GENERATE,
        """
        {"contents":[{"role":"user","parts":[{"text":"hi"}]}],
         "tools":[{"functionDeclarations":[{"name":"f"}]}],
         "toolConfig":{"functionCallingConfig":%s}}"""
            .formatted(expected));
  }

  @Test
  void structuredOutputAndReasoning() {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.THINKING_RESPONSE)));
    ChatCompletionResponse r =
        gemini()
            .chat(
                ChatCompletionRequest.builder()
                    .model("gemini-2.0-flash")
                    .responseFormat(
                        ResponseFormat.jsonSchema(
                            JsonSchema.of(
                                "answer",
                                Map.of(
                                    "type",
                                    "object",
                                    "properties",
                                    Map.of("n", Map.of("type", "integer")),
                                    "additionalProperties",
                                    false),
                                true)))
                    .reasoningEffort("medium")
                    .addMessage(ChatMessage.user("2+2?"))
                    .build(),
                OPTIONS);
    verifyBody(
        GENERATE,
        """
        {"contents":[{"role":"user","parts":[{"text":"2+2?"}]}],
         "generationConfig":{"responseMimeType":"application/json",
           "responseSchema":{"type":"object","properties":{"n":{"type":"integer"}}},
           "thinkingConfig":{"thinkingBudget":8192,"includeThoughts":true}}}""");
    assertThat(r.text()).isEqualTo("4");
    assertThat(r.choices().get(0).message().reasoningContent())
        .isEqualTo("The user asks for a sum; 2+2 is 4.");
    assertThat(r.usage().promptTokens()).isEqualTo(1100);
    assertThat(r.usage().cachedTokens()).isEqualTo(1024);
    assertThat(r.usage().completionTokens()).isEqualTo(51);
    assertThat(r.usage().reasoningTokens()).isEqualTo(50);
    assertThat(r.usage().totalTokens()).isEqualTo(1151);
  }

  @ParameterizedTest
  @CsvSource({
    "STOP,stop",
    "MAX_TOKENS,length",
    "SAFETY,content_filter",
    "RECITATION,content_filter",
    "BLOCKLIST,content_filter",
    "PROHIBITED_CONTENT,content_filter",
    "SPII,content_filter",
    "OTHER,stop",
    "MALFORMED_FUNCTION_CALL,stop",
    "FINISH_REASON_UNSPECIFIED,stop"
  })
  void everyFinishReason(String gemini, String openai) {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.withFinishReason(gemini))));
    assertThat(
            gemini()
                .chat(ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")), OPTIONS)
                .choices()
                .get(0)
                .finishReason())
        .isEqualTo(openai);
  }

  @Test
  void blockedPromptIsContentFilter() {
    wm.stubFor(post(GENERATE).willReturn(okJson(GeminiFixtures.BLOCKED_PROMPT)));
    ChatCompletionResponse r =
        gemini().chat(ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")), OPTIONS);
    assertThat(r.choices().get(0).finishReason()).isEqualTo("content_filter");
    assertThat(r.usage().promptTokens()).isEqualTo(7);
  }

  @Test
  void textStream() {
    wm.stubFor(
        post(STREAM)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(GeminiFixtures.TEXT_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            gemini()
                .streamChat(
                    ChatCompletionRequest.builder().model("gemini-2.0-flash").stream(true)
                        .addMessage(ChatMessage.user("Sky?"))
                        .build(),
                    OPTIONS));
    verifyBody(STREAM, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Sky?\"}]}]}");
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(content(chunks)).isEqualTo("The sky is blue.");
    assertThat(chunks).allSatisfy(c -> assertThat(c.id()).isEqualTo("stream-1"));
    assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason()).isEqualTo("stop");
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.isUsageOnly()).isTrue();
    assertThat(usage.usage().promptTokens()).isEqualTo(9);
    assertThat(usage.usage().completionTokens()).isEqualTo(6);
  }

  @Test
  void toolCallStream() {
    wm.stubFor(
        post("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(GeminiFixtures.TOOL_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            gemini()
                .streamChat(
                    ChatCompletionRequest.builder()
                        .model("gemini-2.5-flash")
                        .tools(
                            List.of(
                                Tool.function("get_weather", null, WEATHER_PARAMS),
                                Tool.function("get_time", null, null)))
                        .addMessage(ChatMessage.user("x"))
                        .build(),
                    OPTIONS));
    assertThat(content(chunks)).isEqualTo("Checking.");
    List<ToolCall> deltas =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .filter(ch -> ch.delta().toolCalls() != null)
            .flatMap(ch -> ch.delta().toolCalls().stream())
            .toList();
    assertThat(deltas).hasSize(2);
    assertThat(deltas.get(0).index()).isEqualTo(0);
    assertThat(deltas.get(0).id()).isEqualTo("call_stream-fc_0_0");
    assertThat(deltas.get(0).function().name()).isEqualTo("get_weather");
    assertThat(deltas.get(0).function().arguments()).isEqualTo("{\"location\":\"Paris\"}");
    assertThat(deltas.get(1).index()).isEqualTo(1);
    assertThat(deltas.get(1).function().name()).isEqualTo("get_time");
    assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
        .isEqualTo("tool_calls");
    assertThat(chunks.get(chunks.size() - 1).usage().totalTokens()).isEqualTo(40);
  }

  @Test
  void errorMidStreamIsAnError() {
    wm.stubFor(
        post(STREAM)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(GeminiFixtures.ERROR_MID_STREAM)));
    ChunkStream stream =
        gemini()
            .streamChat(
                ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")), OPTIONS);
    assertThat(stream.next().choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(stream.next().choices().get(0).delta().content()).isEqualTo("Part");
    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("overloaded");
  }

  @Test
  void streamEndingWithoutFinishReasonIsAnError() {
    String cut =
        GeminiFixtures.TEXT_STREAM.substring(0, GeminiFixtures.TEXT_STREAM.lastIndexOf("data:"));
    wm.stubFor(
        post(STREAM)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(cut)));
    ChunkStream stream =
        gemini()
            .streamChat(
                ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")), OPTIONS);
    assertThatThrownBy(() -> drain(stream)).isInstanceOf(ConnectionException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "400,INVALID_ARGUMENT,Request contains an invalid argument.,BadRequestException,false",
    "400,INVALID_ARGUMENT,The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).,ContextWindowExceededException,false",
    "403,PERMISSION_DENIED,Permission denied on resource project.,PermissionDeniedException,false",
    "404,NOT_FOUND,models/gemini-9 is not found for API version v1beta,NotFoundException,false",
    "500,INTERNAL,An internal error has occurred.,UpstreamServerException,true",
    "503,UNAVAILABLE,The model is overloaded. Please try again later.,UpstreamServerException,true",
    "504,DEADLINE_EXCEEDED,Deadline expired before operation could complete.,UpstreamServerException,true"
  })
  void errors(int code, String status, String message, String exception, boolean retriable) {
    wm.stubFor(
        post(GENERATE)
            .willReturn(
                aResponse()
                    .withStatus(code)
                    .withHeader("Content-Type", "application/json")
                    .withBody(GeminiFixtures.error(code, status, message))));
    assertThatThrownBy(
            () ->
                gemini()
                    .chat(
                        ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")),
                        OPTIONS))
        .satisfies(
            e -> {
              assertThat(e.getClass().getSimpleName()).isEqualTo(exception);
              assertThat(e).hasMessageContaining(message);
              assertThat(((LlmException) e).isRetriable()).isEqualTo(retriable);
            });
  }

  @Test
  void rateLimitTakesRetryDelayFromTheBody() {
    wm.stubFor(
        post(GENERATE)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(GeminiFixtures.RATE_LIMITED)));
    assertThatThrownBy(
            () ->
                gemini()
                    .chat(
                        ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")),
                        OPTIONS))
        .isInstanceOf(RateLimitException.class)
        .satisfies(
            e ->
                assertThat(((RateLimitException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(37)));
  }

  @Test
  void invalidKeyIsAnAuthenticationError() {
    wm.stubFor(
        post(GENERATE)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(GeminiFixtures.BAD_KEY)));
    assertThatThrownBy(
            () ->
                gemini()
                    .chat(
                        ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")),
                        OPTIONS))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("API key not valid");
  }

  @Test
  void streamErrorsByStatusName() {
    wm.stubFor(
        post(STREAM)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(
                        GeminiFixtures.ERROR_MID_STREAM
                            .replace("\"code\": 503, ", "")
                            .replace("UNAVAILABLE", "RESOURCE_EXHAUSTED"))));
    ChunkStream stream =
        gemini()
            .streamChat(
                ChatCompletionRequest.of("gemini-2.0-flash", ChatMessage.user("x")), OPTIONS);
    assertThatThrownBy(() -> drain(stream)).isInstanceOf(RateLimitException.class);
  }

  @Test
  void embeddingsSingleAndBatch() {
    wm.stubFor(
        post("/v1beta/models/text-embedding-004:embedContent")
            .willReturn(
                okJson(
                    "{\"embedding\": {\"values\": [0.013168523, -0.008711934, -0.046782676]}}")));
    wm.stubFor(
        post("/v1beta/models/text-embedding-004:batchEmbedContents")
            .willReturn(
                okJson("{\"embeddings\": [{\"values\": [0.1, 0.2]}, {\"values\": [0.3, 0.4]}]}")));
    EmbeddingResponse one =
        gemini()
            .embed(
                new EmbeddingRequest("text-embedding-004", "Hello", null, 3, null, null), OPTIONS);
    verifyBody(
        "/v1beta/models/text-embedding-004:embedContent",
        "{\"content\":{\"parts\":[{\"text\":\"Hello\"}]},\"outputDimensionality\":3}");
    assertThat(one.data()).hasSize(1);
    assertThat(one.data().get(0).vector())
        .containsExactly(0.013168523f, -0.008711934f, -0.046782676f);
    EmbeddingResponse batch =
        gemini().embed(EmbeddingRequest.of("text-embedding-004", List.of("a", "b")), OPTIONS);
    verifyBody(
        "/v1beta/models/text-embedding-004:batchEmbedContents",
        """
        {"requests":[
          {"model":"models/text-embedding-004","content":{"parts":[{"text":"a"}]}},
          {"model":"models/text-embedding-004","content":{"parts":[{"text":"b"}]}}]}""");
    assertThat(batch.data()).hasSize(2);
    assertThat(batch.data().get(1).index()).isEqualTo(1);
    assertThat(batch.data().get(1).vector()).containsExactly(0.3f, 0.4f);
  }

  @Test
  void apiVersionSetting() {
    wm.stubFor(
        post("/v1/models/gemini-2.0-flash:generateContent")
            .willReturn(okJson(GeminiFixtures.TEXT_RESPONSE)));
    gemini(Map.of("api_version", "v1"))
        .chat(ChatCompletionRequest.of("models/gemini-2.0-flash", ChatMessage.user("x")), OPTIONS);
    wm.verify(postRequestedFor(urlEqualTo("/v1/models/gemini-2.0-flash:generateContent")));
    assertThatThrownBy(() -> gemini(Map.of("nope", 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
