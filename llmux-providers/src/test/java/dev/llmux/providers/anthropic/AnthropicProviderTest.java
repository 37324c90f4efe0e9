package dev.llmux.providers.anthropic;

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
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.WireMockTestBase;
import dev.llmux.providers.internal.anthropic.AnthropicRequests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicProviderTest extends WireMockTestBase {
  static final Map<String, Object> WEATHER_PARAMS =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("location", Map.of("type", "string")),
          "required",
          List.of("location"));

  static Provider anthropic(Map<String, Object> settings) {
    return new AnthropicProviderFactory()
        .create(new ProviderConfig("claude", "anthropic", "sk-ant-test", wm.baseUrl(), settings));
  }

  static Provider anthropic() {
    return anthropic(Map.of());
  }

  static void stubMessages(String body) {
    wm.stubFor(post("/v1/messages").willReturn(okJson(body)));
  }

  static void verifyBody(String json) {
    wm.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(equalToJson(json)));
  }

  @Test
  void plainTextWithSystemAndMultiTurn() {
    stubMessages(AnthropicFixtures.TEXT_MESSAGE);
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("claude-sonnet-4-5-20250929")
            .addMessage(ChatMessage.system("You are terse."))
            .addMessage(ChatMessage.developer("Answer in English."))
            .addMessage(ChatMessage.user("Hello"))
            .addMessage(ChatMessage.user("Who are you?"))
            .addMessage(ChatMessage.assistant("I am an assistant."))
            .addMessage(ChatMessage.user("Your name?"))
            .temperature(0.5)
            .topP(0.9)
            .extra("top_k", 40)
            .stop(List.of("\n\nHuman:"))
            .maxTokens(256)
            .user("user-123")
            .presencePenalty(0.1)
            .seed(7L)
            .build();

    ChatCompletionResponse r =
        anthropic(Map.of("anthropic_beta", "prompt-caching-2024-07-31,tools-2024-05-16"))
            .chat(request, OPTIONS);

    assertThat(r.id()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
    assertThat(r.object()).isEqualTo("chat.completion");
    assertThat(r.model()).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(r.text()).isEqualTo("Hi! My name is Claude.");
    assertThat(r.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(r.choices().get(0).message().role()).isEqualTo("assistant");
    assertThat(r.usage().promptTokens()).isEqualTo(2095);
    assertThat(r.usage().completionTokens()).isEqualTo(503);
    assertThat(r.usage().totalTokens()).isEqualTo(2598);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withHeader("x-api-key", equalTo("sk-ant-test"))
            .withHeader("anthropic-version", equalTo("2023-06-01"))
            .withHeader("anthropic-beta", equalTo("prompt-caching-2024-07-31,tools-2024-05-16"))
            .withHeader("Content-Type", equalTo("application/json")));
    verifyBody(
        """
        {"model":"claude-sonnet-4-5-20250929","max_tokens":256,
         "system":[{"type":"text","text":"You are terse."},{"type":"text","text":"Answer in English."}],
         "messages":[
           {"role":"user","content":[{"type":"text","text":"Hello"},{"type":"text","text":"Who are you?"}]},
           {"role":"assistant","content":[{"type":"text","text":"I am an assistant."}]},
           {"role":"user","content":[{"type":"text","text":"Your name?"}]}],
         "stop_sequences":["\\n\\nHuman:"],
         "temperature":0.5,"top_p":0.9,"top_k":40,
         "metadata":{"user_id":"user-123"}}
        """);
  }

  @Test
  void defaultMaxTokensComesFromTheModelTable() {
    stubMessages(AnthropicFixtures.TEXT_MESSAGE);
    anthropic()
        .chat(
            ChatCompletionRequest.of("claude-3-5-haiku-20241022", ChatMessage.user("hi")), OPTIONS);
    verifyBody(
        """
        {"model":"claude-3-5-haiku-20241022","max_tokens":8192,
         "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""");
    wm.resetRequests();
    anthropic().chat(ChatCompletionRequest.of("claude-future-9", ChatMessage.user("hi")), OPTIONS);
    verifyBody(
        """
        {"model":"claude-future-9","max_tokens":4096,
         "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]}""");
    assertThat(AnthropicRequests.defaultMaxTokens("claude-opus-4-1-20250805")).isEqualTo(32000);
    assertThat(AnthropicRequests.defaultMaxTokens("claude-sonnet-4-5")).isEqualTo(64000);
  }

  @Test
  void imagesFromDataUrlsAndHttpUrls() {
    stubMessages(AnthropicFixtures.TEXT_MESSAGE);
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("claude-sonnet-4-5")
            .maxTokens(100)
            .addMessage(
                ChatMessage.user(
                    ContentPart.text("What is in these images?"),
                    ContentPart.image("data:image/png;base64,iVBORw0KGgo="),
                    ContentPart.image("https://upload.wikimedia.org/cat.jpg", "high")))
            .build();
    anthropic().chat(request, OPTIONS);
    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":100,
         "messages":[{"role":"user","content":[
           {"type":"text","text":"What is in these images?"},
           {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
           {"type":"image","source":{"type":"url","url":"https://upload.wikimedia.org/cat.jpg"}}]}]}
        """);
  }

  @Test
  void unsupportedContentPartsAreABadRequest() {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("claude-sonnet-4-5")
            .addMessage(
                ChatMessage.user(
                    new ContentPart(
                        "input_audio", null, null, Map.of("input_audio", Map.of("data", "x")))))
            .build();
    assertThatThrownBy(() -> anthropic().chat(request, OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("input_audio");
    assertThatThrownBy(
            () ->
                anthropic()
                    .chat(
                        request.toBuilder().messages(List.of(ChatMessage.user("x"))).n(2).build(),
                        OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("n > 1");
  }

  @Test
  void toolsParallelCallsAndToolResults() {
    stubMessages(AnthropicFixtures.TOOL_USE_MESSAGE);
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("claude-sonnet-4-5")
            .maxTokens(1024)
            .tools(List.of(Tool.function("get_weather", "Get the current weather", WEATHER_PARAMS)))
            .toolChoice(ToolChoice.REQUIRED)
            .parallelToolCalls(false)
            .addMessage(ChatMessage.user("Weather in SF and NYC?"))
            .addMessage(
                ChatMessage.assistant(
                    "Checking.",
                    List.of(
                        ToolCall.function(
                            "toolu_1", "get_weather", "{\"location\":\"San Francisco, CA\"}"),
                        ToolCall.function(
                            "toolu_2", "get_weather", "{\"location\":\"New York, NY\"}"))))
            .addMessage(ChatMessage.tool("toolu_1", "15 degrees"))
            .addMessage(ChatMessage.tool("toolu_2", "20 degrees"))
            .addMessage(ChatMessage.user("And tomorrow?"))
            .build();

    ChatCompletionResponse r = anthropic().chat(request, OPTIONS);

    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":1024,
         "messages":[
           {"role":"user","content":[{"type":"text","text":"Weather in SF and NYC?"}]},
           {"role":"assistant","content":[
             {"type":"text","text":"Checking."},
             {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"San Francisco, CA"}},
             {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"location":"New York, NY"}}]},
           {"role":"user","content":[
             {"type":"tool_result","tool_use_id":"toolu_1","content":"15 degrees"},
             {"type":"tool_result","tool_use_id":"toolu_2","content":"20 degrees"},
             {"type":"text","text":"And tomorrow?"}]}],
         "tools":[{"name":"get_weather","description":"Get the current weather",
           "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}],
         "tool_choice":{"type":"any","disable_parallel_tool_use":true}}
        """);
    assertThat(r.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(r.text()).isEqualTo("I'll check the weather in both cities.");
    List<ToolCall> calls = r.choices().get(0).message().toolCalls();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).id()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
    assertThat(calls.get(0).type()).isEqualTo("function");
    assertThat(calls.get(0).function().name()).isEqualTo("get_weather");
    assertThat(calls.get(0).function().arguments())
        .isEqualTo("{\"location\":\"San Francisco, CA\"}");
    assertThat(calls.get(1).function().arguments()).isEqualTo("{\"location\":\"New York, NY\"}");
  }

  @Test
  void toolIdsFromOtherProvidersAreMadePortable() {
    stubMessages(AnthropicFixtures.TEXT_MESSAGE);
    String geminiId = "call_r1_0_0__thought__CiQB+/x==";
    anthropic()
        .chat(
            ChatCompletionRequest.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(10)
                .addMessage(ChatMessage.user("w?"))
                .addMessage(
                    ChatMessage.assistant(null, List.of(ToolCall.function(geminiId, "f", "{}"))))
                .addMessage(ChatMessage.tool(geminiId, "ok"))
                .build(),
            OPTIONS);
    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":10,"messages":[
          {"role":"user","content":[{"type":"text","text":"w?"}]},
          {"role":"assistant","content":[{"type":"tool_use","id":"call_r1_0_0","name":"f","input":{}}]},
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_r1_0_0","content":"ok"}]}]}""");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "auto|{\"type\":\"auto\"}",
        "none|{\"type\":\"none\"}",
        "named|{\"type\":\"tool\",\"name\":\"get_weather\"}"
      })
  void toolChoiceModes(String mode, String expected) {
    stubMessages(AnthropicFixtures.TEXT_MESSAGE);
    ToolChoice choice =
        switch (mode) {
          case "auto" -> ToolChoice.AUTO;
          case "none" -> ToolChoice.NONE;
          default -> ToolChoice.function("get_weather");
        };
    anthropic()
        .chat(
            ChatCompletionRequest.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(10)
                .tools(List.of(Tool.function("get_weather", null, null)))
                .toolChoice(choice)
                .addMessage(ChatMessage.user("hi"))
                .build(),
            OPTIONS);
    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":10,
         "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],
         "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{}}}],
         "tool_choice":%s}"""
            .formatted(expected));
  }

  @Test
  void structuredOutputIsAForcedToolReturnedAsContent() {
    stubMessages(AnthropicFixtures.JSON_TOOL_MESSAGE);
    Map<String, Object> schema =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of("name", Map.of("type", "string"), "population", Map.of("type", "integer")));
    ChatCompletionResponse r =
        anthropic()
            .chat(
                ChatCompletionRequest.builder()
                    .model("claude-sonnet-4-5")
                    .maxTokens(200)
                    .responseFormat(ResponseFormat.jsonSchema(JsonSchema.of("city", schema, true)))
                    .addMessage(ChatMessage.user("Largest city of France?"))
                    .build(),
                OPTIONS);
    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":200,
         "messages":[{"role":"user","content":[{"type":"text","text":"Largest city of France?"}]}],
         "tools":[{"name":"city","description":"Respond with the structured output.",
           "input_schema":{"type":"object","properties":{"name":{"type":"string"},"population":{"type":"integer"}}}}],
         "tool_choice":{"type":"tool","name":"city"}}""");
    assertThat(r.text()).isEqualTo("{\"name\":\"Paris\",\"population\":2102650}");
    assertThat(r.choices().get(0).message().toolCalls()).isNull();
    assertThat(r.choices().get(0).finishReason()).isEqualTo("stop");
  }

  @Test
  void reasoningEffortBecomesAThinkingBudgetAndThinkingBecomesReasoningContent() {
    stubMessages(AnthropicFixtures.THINKING_MESSAGE);
    ChatCompletionResponse r =
        anthropic()
            .chat(
                ChatCompletionRequest.builder()
                    .model("claude-sonnet-4-5")
                    .maxTokens(1000)
                    .reasoningEffort("medium")
                    .temperature(0.3)
                    .addMessage(ChatMessage.user("Meaning of life?"))
                    .build(),
                OPTIONS);
    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":5096,
         "messages":[{"role":"user","content":[{"type":"text","text":"Meaning of life?"}]}],
         "thinking":{"type":"enabled","budget_tokens":4096}}""");
    assertThat(r.choices().get(0).message().reasoningContent())
        .isEqualTo("Let me analyze this step by step...");
    assertThat(r.text()).isEqualTo("Based on my analysis, 42.");
    // prompt = input + cache_read + cache_creation
    assertThat(r.usage().promptTokens()).isEqualTo(1120);
    assertThat(r.usage().cachedTokens()).isEqualTo(1000);
    // cache writes reported as LiteLLM does, so that the router bills them at the write price
    assertThat(r.usage().extra()).containsEntry("cache_creation_input_tokens", 20);
    assertThat(r.usage().completionTokens()).isEqualTo(300);
    assertThat(r.usage().totalTokens()).isEqualTo(1420);
  }

  @ParameterizedTest
  @CsvSource({
    "end_turn,stop",
    "stop_sequence,stop",
    "max_tokens,length",
    "tool_use,tool_calls",
    "refusal,content_filter",
    "pause_turn,stop"
  })
  void everyFinishReason(String anthropic, String openai) {
    stubMessages(AnthropicFixtures.withStopReason(anthropic));
    ChatCompletionResponse r =
        anthropic()
            .chat(ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")), OPTIONS);
    assertThat(r.choices().get(0).finishReason()).isEqualTo(openai);
  }

  @Test
  void textStream() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .withBody(AnthropicFixtures.TEXT_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            anthropic()
                .streamChat(
                    ChatCompletionRequest.builder().model("claude-sonnet-4-5").maxTokens(50).stream(
                            true)
                        .addMessage(ChatMessage.user("Hello"))
                        .build(),
                    OPTIONS));

    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":50,"stream":true,
         "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]}""");
    assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.id()).isEqualTo("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
              assertThat(c.object()).isEqualTo("chat.completion.chunk");
              assertThat(c.model()).isEqualTo("claude-sonnet-4-5-20250929");
            });
    assertThat(content(chunks)).isEqualTo("Hello!");
    ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
    assertThat(finish.choices().get(0).finishReason()).isEqualTo("stop");
    ChatCompletionChunk usage = chunks.get(chunks.size() - 1);
    assertThat(usage.isUsageOnly()).isTrue();
    assertThat(usage.usage().promptTokens()).isEqualTo(35);
    assertThat(usage.usage().cachedTokens()).isEqualTo(10);
    assertThat(usage.usage().extra()).doesNotContainKey("cache_creation_input_tokens");
    assertThat(usage.usage().completionTokens()).isEqualTo(15);
  }

  @Test
  void toolCallStream() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(AnthropicFixtures.TOOL_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            anthropic()
                .streamChat(
                    ChatCompletionRequest.builder()
                        .model("claude-sonnet-4-5")
                        .maxTokens(50)
                        .tools(
                            List.of(
                                Tool.function("get_weather", null, WEATHER_PARAMS),
                                Tool.function("get_time", null, null)))
                        .addMessage(ChatMessage.user("weather?"))
                        .build(),
                    OPTIONS));

    assertThat(content(chunks)).isEqualTo("Okay, let's check the weather.");
    List<ToolCall> deltas =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .filter(ch -> ch.delta().toolCalls() != null)
            .flatMap(ch -> ch.delta().toolCalls().stream())
            .toList();
    assertThat(deltas.get(0).index()).isEqualTo(0);
    assertThat(deltas.get(0).id()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
    assertThat(deltas.get(0).type()).isEqualTo("function");
    assertThat(deltas.get(0).function().name()).isEqualTo("get_weather");
    StringBuilder args0 = new StringBuilder();
    StringBuilder args1 = new StringBuilder();
    for (ToolCall d : deltas) {
      (d.index() == 0 ? args0 : args1).append(d.function().arguments());
      if (d.id() == null) {
        assertThat(d.function().name()).isNull();
      }
    }
    assertThat(args0.toString()).isEqualTo("{\"location\": \"San Francisco, CA\"}");
    assertThat(args1.toString()).isEqualTo("{\"tz\": \"PST\"}");
    assertThat(
            deltas.stream()
                .filter(d -> d.index() == 1 && d.id() != null)
                .findFirst()
                .orElseThrow()
                .function()
                .name())
        .isEqualTo("get_time");
    assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
        .isEqualTo("tool_calls");
    assertThat(chunks.get(chunks.size() - 1).usage().completionTokens()).isEqualTo(89);
  }

  @Test
  void thinkingStreamGivesReasoningContent() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(AnthropicFixtures.THINKING_STREAM)));
    List<ChatCompletionChunk> chunks =
        drain(
            anthropic()
                .streamChat(
                    ChatCompletionRequest.builder()
                        .model("claude-sonnet-4-5")
                        .reasoningEffort("low")
                        .addMessage(ChatMessage.user("27*453?"))
                        .build(),
                    OPTIONS));
    verifyBody(
        """
        {"model":"claude-sonnet-4-5","max_tokens":64000,"stream":true,
         "messages":[{"role":"user","content":[{"type":"text","text":"27*453?"}]}],
         "thinking":{"type":"enabled","budget_tokens":1024}}""");
    String reasoning =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .map(ch -> ch.delta().reasoningContent())
            .filter(s -> s != null)
            .reduce("", String::concat);
    assertThat(reasoning).isEqualTo("Let me solve this step by step");
    assertThat(content(chunks)).isEqualTo("27 * 453 = 12,231");
  }

  @Test
  void structuredOutputStreamsAsContent() {
    String stream =
        sse(
            "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_j\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}",
            "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_j\",\"name\":\"city\",\"input\":{}}}",
            "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"name\\\":\"}}",
            "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}",
            "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
            "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}",
            "message_stop", "{\"type\":\"message_stop\"}");
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(stream)));
    List<ChatCompletionChunk> chunks =
        drain(
            anthropic()
                .streamChat(
                    ChatCompletionRequest.builder()
                        .model("claude-sonnet-4-5")
                        .responseFormat(
                            ResponseFormat.jsonSchema(
                                JsonSchema.of("city", Map.of("type", "object"), true)))
                        .addMessage(ChatMessage.user("x"))
                        .build(),
                    OPTIONS));
    assertThat(content(chunks)).isEqualTo("{\"name\":\"Paris\"}");
    assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason()).isEqualTo("stop");
  }

  @Test
  void errorEventMidStreamIsAnError() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(AnthropicFixtures.ERROR_MID_STREAM)));
    ChunkStream stream =
        anthropic()
            .streamChat(
                ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")), OPTIONS);
    assertThat(stream.next().choices().get(0).delta().role()).isEqualTo("assistant");
    assertThat(stream.next().choices().get(0).delta().content()).isEqualTo("Partial");
    assertThatThrownBy(stream::hasNext)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("Overloaded")
        .satisfies(e -> assertThat(((LlmException) e).isRetriable()).isTrue());
  }

  @Test
  void streamEndingBeforeMessageStopIsAnError() {
    String cut =
        AnthropicFixtures.TEXT_STREAM.substring(
            0, AnthropicFixtures.TEXT_STREAM.indexOf("event: message_delta"));
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(cut)));
    ChunkStream stream =
        anthropic()
            .streamChat(
                ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")), OPTIONS);
    assertThatThrownBy(() -> drain(stream)).isInstanceOf(ConnectionException.class);
  }

  @Test
  void streamErrorStatusBeforeTheFirstEvent() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(529)
                    .withHeader("Content-Type", "application/json")
                    .withBody(AnthropicFixtures.error("overloaded_error", "Overloaded"))));
    assertThatThrownBy(
            () ->
                anthropic()
                    .streamChat(
                        ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")),
                        OPTIONS))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("Overloaded");
  }

  @ParameterizedTest
  @CsvSource({
    "529,overloaded_error,Overloaded,UpstreamServerException,true",
    "500,api_error,Internal server error,UpstreamServerException,true",
    "400,invalid_request_error,prompt is too long: 210000 tokens > 200000 maximum,ContextWindowExceededException,false",
    "400,invalid_request_error,messages: field required,BadRequestException,false",
    "401,authentication_error,invalid x-api-key,AuthenticationException,false",
    "403,permission_error,Your API key does not have permission,PermissionDeniedException,false",
    "404,not_found_error,model: claude-nope,NotFoundException,false",
    "413,request_too_large,Request exceeds the maximum allowed number of bytes,BadRequestException,false"
  })
  void errors(int status, String type, String message, String exception, boolean retriable) {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(AnthropicFixtures.error(type, message))));
    assertThatThrownBy(
            () ->
                anthropic()
                    .chat(
                        ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")),
                        OPTIONS))
        .satisfies(
            e -> {
              assertThat(e.getClass().getSimpleName()).isEqualTo(exception);
              assertThat(e).hasMessageContaining(message);
              assertThat(((LlmException) e).isRetriable()).isEqualTo(retriable);
              assertThat(((LlmException) e).upstreamStatus()).isEqualTo(status);
            });
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "17")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        AnthropicFixtures.error(
                            "rate_limit_error",
                            "Number of request tokens has exceeded your per-minute rate limit"))));
    assertThatThrownBy(
            () ->
                anthropic()
                    .chat(
                        ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")),
                        OPTIONS))
        .isInstanceOf(RateLimitException.class)
        .satisfies(
            e ->
                assertThat(((RateLimitException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(17)));
  }

  @Test
  void streamErrorEventsMapByType() {
    for (String[] c :
        new String[][] {
          {"rate_limit_error", "RateLimitException"},
          {"invalid_request_error", "BadRequestException"},
          {"api_error", "UpstreamServerException"},
          {"authentication_error", "AuthenticationException"},
          {"permission_error", "PermissionDeniedException"},
          {"not_found_error", "NotFoundException"}
        }) {
      wm.stubFor(
          post("/v1/messages")
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "text/event-stream")
                      .withBody(
                          AnthropicFixtures.ERROR_MID_STREAM.replace("overloaded_error", c[0]))));
      ChunkStream stream =
          anthropic()
              .streamChat(
                  ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")), OPTIONS);
      assertThatThrownBy(() -> drain(stream))
          .satisfies(e -> assertThat(e.getClass().getSimpleName()).isEqualTo(c[1]));
    }
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(
            () ->
                new AnthropicProviderFactory()
                    .create(new ProviderConfig("a", "anthropic", null, null, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("api_key");
    assertThatThrownBy(
            () ->
                new AnthropicProviderFactory()
                    .create(new ProviderConfig("a", "anthropic", "k", null, Map.of("bogus", 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bogus");
    stubMessages(AnthropicFixtures.TEXT_MESSAGE);
    anthropic(
            Map.of(
                "anthropic_version",
                "2024-01-01",
                "anthropic_beta",
                List.of("a", "b"),
                "headers",
                Map.of("X-Extra", "1")))
        .chat(ChatCompletionRequest.of("claude-sonnet-4-5", ChatMessage.user("x")), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withHeader("anthropic-version", equalTo("2024-01-01"))
            .withHeader("anthropic-beta", equalTo("a,b"))
            .withHeader("X-Extra", equalTo("1")));
  }
}
