package dev.llmux.providers.responses;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.Json;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.responses.Reasoning;
import dev.llmux.api.responses.ResponseItem;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponseTool;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.responses.TextConfig;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.providers.WireMockTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Responses API and legacy completions through a real router: native on openai/azure, mapped
 * onto chat elsewhere.
 */
class ResponsesRouterTest extends WireMockTestBase {

  static LlmRouter router(String type, String base) {
    return router(type, base, Map.of());
  }

  static LlmRouter router(String type, String base, Map<String, Object> settings) {
    return LlmRouter.builder()
        .provider(new ProviderConfig("p", type, "key", wm.baseUrl() + base, settings))
        .deployment(Deployment.builder("m", "p").model("up").build())
        .retry(RetryConfig.custom().numRetries(0).build())
        .build();
  }

  static final Map<String, Object> WEATHER =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("city", Map.of("type", "string")),
          "required",
          List.of("city"));

  /** A conversation in Responses input items: a user turn, a function call and its output. */
  static ResponsesRequest toolConversation() {
    List<ResponseItem> input =
        List.of(
            ResponseItem.message("user", "Weather in Paris?"),
            ResponseItem.functionCall(
                "fc_1", "call_1", "get_weather", "{\"city\":\"Paris\"}", "completed"),
            ResponseItem.functionCallOutput("call_1", "18C"));
    return new ResponsesRequest(
        "m",
        input,
        "Be brief.",
        List.of(ResponseTool.function("get_weather", "Weather", WEATHER)),
        "auto",
        null,
        null,
        200,
        null,
        Map.of("trace", "t1"),
        null,
        null,
        null,
        0.2,
        null,
        null,
        null);
  }

  @Test
  void nativeOnOpenAi() {
    wm.stubFor(post("/v1/responses").willReturn(okJson(ResponsesFixtures.RESPONSE)));
    try (LlmRouter router = router("openai", "/v1")) {
      RouteResult<ResponseObject> r =
          router.responses(ResponsesRequest.of("m", "Tell me a bedtime story."));
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/responses"))
              .withHeader("Authorization", equalTo("Bearer key"))
              .withRequestBody(
                  equalToJson(
                      "{\"model\":\"up\",\"input\":\"Tell me a bedtime story.\",\"store\":false}")));
      assertThat(r.response().id())
          .isEqualTo("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
      assertThat(r.response().outputText())
          .isEqualTo("In a peaceful grove beneath a silver moon...");
      assertThat(r.response().status()).isEqualTo("completed");
      assertThat(r.usage().promptTokens()).isEqualTo(36);
      assertThat(r.usage().completionTokens()).isEqualTo(87);
      assertThat(r.provider()).isEqualTo("p");
    }
  }

  @Test
  void nativeOnAzureUsesTheV1Path() {
    wm.stubFor(post("/openai/v1/responses").willReturn(okJson(ResponsesFixtures.RESPONSE)));
    try (LlmRouter router = router("azure", "")) {
      router.responses(ResponsesRequest.of("m", "hi"));
      wm.verify(
          postRequestedFor(urlEqualTo("/openai/v1/responses"))
              .withHeader("api-key", equalTo("key"))
              .withRequestBody(equalToJson("{\"model\":\"up\",\"input\":\"hi\",\"store\":false}")));
    }
  }

  @Test
  void nativeStreamOnOpenAi() {
    wm.stubFor(
        post("/v1/responses")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(ResponsesFixtures.STREAM)));
    try (LlmRouter router = router("openai", "/v1");
        ResponseStream s =
            router.streamResponses(ResponsesRequest.of("m", "hi").withStream(true))) {
      List<ResponseStreamEvent> events = new ArrayList<>();
      s.forEachRemaining(events::add);
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/responses"))
              .withRequestBody(
                  equalToJson(
                      "{\"model\":\"up\",\"input\":\"hi\",\"stream\":true,\"store\":false}")));
      assertThat(events)
          .extracting(ResponseStreamEvent::type)
          .containsExactly(
              "response.created",
              "response.in_progress",
              "response.output_item.added",
              "response.content_part.added",
              "response.output_text.delta",
              "response.output_text.done",
              "response.content_part.done",
              "response.output_item.done",
              "response.completed");
      assertThat(events.get(4).delta()).isEqualTo("Hi");
      assertThat(events.get(8).response().outputText()).isEqualTo("Hi");
      assertThat(s.result().usage().promptTokens()).isEqualTo(37);
    }
  }

  @Test
  void storedResponsesAreRejected() {
    try (LlmRouter router = router("openai", "/v1")) {
      ResponsesRequest prev =
          new ResponsesRequest(
              "m",
              "hi",
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
              "resp_123",
              null,
              null,
              null,
              null);
      assertThatThrownBy(() -> router.responses(prev))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("previous_response_id");
      assertThatThrownBy(() -> router.responses(ResponsesRequest.of("m", "hi").withStore(true)))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("store");
    }
  }

  @Test
  void mappedOntoAnthropicChat() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                okJson(
                    """
        {"id":"msg_9","type":"message","role":"assistant","model":"up",
         "content":[{"type":"text","text":"Let me check Rome too."},
                    {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Rome"}}],
         "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":50,"output_tokens":20}}""")));
    try (LlmRouter router = router("anthropic", "")) {
      RouteResult<ResponseObject> r = router.responses(toolConversation());
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/messages"))
              .withRequestBody(
                  equalToJson(
                      """
          {"model":"up","max_tokens":200,"temperature":0.2,
           "system":[{"type":"text","text":"Be brief."}],
           "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},
             {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"18C"}]}],
           "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
           "tool_choice":{"type":"auto"}}""")));
      ResponseObject o = r.response();
      assertThat(o.object()).isEqualTo("response");
      assertThat(o.id()).isEqualTo("resp_msg_9");
      assertThat(o.status()).isEqualTo("completed");
      assertThat(o.instructions()).isEqualTo("Be brief.");
      assertThat(o.metadata()).containsEntry("trace", "t1");
      assertThat(o.outputText()).isEqualTo("Let me check Rome too.");
      assertThat(o.functionCalls()).hasSize(1);
      ResponseItem call = o.functionCalls().get(0);
      assertThat(call.callId()).isEqualTo("toolu_2");
      assertThat(call.name()).isEqualTo("get_weather");
      assertThat(call.arguments()).isEqualTo("{\"city\":\"Rome\"}");
      assertThat(o.usage().inputTokens()).isEqualTo(50);
      assertThat(o.usage().outputTokens()).isEqualTo(20);
      assertThat(o.usage().totalTokens()).isEqualTo(70);
      // The whole object survives a JSON round trip (content parts come back as parsed JSON).
      String json = Json.write(o);
      assertThat(Json.write(Json.read(json, ResponseObject.class))).isEqualTo(json);
      assertThat(json)
          .contains("\"type\":\"output_text\"", "\"annotations\":[]", "\"type\":\"function_call\"");
    }
  }

  @Test
  void mappedOntoGeminiWithStructuredOutputAndReasoning() {
    wm.stubFor(
        post("/v1beta/models/up:generateContent")
            .willReturn(
                okJson(
                    """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"thinking...","thought":true},{"text":"{\\"n\\":4}"}]},
          "finishReason":"MAX_TOKENS","index":0}],
         "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"thoughtsTokenCount":3,"totalTokenCount":18},
         "modelVersion":"up","responseId":"g1"}""")));
    ResponsesRequest request =
        new ResponsesRequest(
            "m",
            "2+2 as JSON",
            null,
            null,
            null,
            null,
            TextConfig.jsonSchema("answer", Map.of("type", "object"), true),
            50,
            Reasoning.effort("low"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    try (LlmRouter router = router("gemini", "")) {
      ResponseObject o = router.responses(request).response();
      wm.verify(
          postRequestedFor(urlEqualTo("/v1beta/models/up:generateContent"))
              .withRequestBody(
                  equalToJson(
                      """
          {"contents":[{"role":"user","parts":[{"text":"2+2 as JSON"}]}],
           "generationConfig":{"maxOutputTokens":50,"responseMimeType":"application/json","responseSchema":{"type":"object"},
             "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}""")));
      assertThat(o.status()).isEqualTo("incomplete");
      assertThat(o.incompleteDetails()).containsEntry("reason", "max_output_tokens");
      assertThat(o.output().get(0).type()).isEqualTo("reasoning");
      assertThat(o.output().get(0).summary().get(0).text()).isEqualTo("thinking...");
      assertThat(o.outputText()).isEqualTo("{\"n\":4}");
      assertThat(o.usage().outputTokensDetails().reasoningTokens()).isEqualTo(3);
    }
  }

  @Test
  void mappedStreamOntoAnthropicWithToolCall() {
    String stream =
        sse(
            "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"up\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":40,\"output_tokens\":1}}}",
            "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking\"}}",
            "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
            "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_r\",\"name\":\"get_weather\",\"input\":{}}}",
            "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}",
            "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Rome\\\"}\"}}",
            "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}",
            "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}",
            "message_stop", "{\"type\":\"message_stop\"}");
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(stream)));
    try (LlmRouter router = router("anthropic", "");
        ResponseStream s = router.streamResponses(toolConversation().withStream(true))) {
      List<ResponseStreamEvent> events = new ArrayList<>();
      s.forEachRemaining(events::add);
      assertThat(events)
          .extracting(ResponseStreamEvent::type)
          .containsExactly(
              "response.created",
              "response.in_progress",
              "response.output_item.added",
              "response.content_part.added",
              "response.output_text.delta",
              "response.output_text.done",
              "response.content_part.done",
              "response.output_item.done",
              "response.output_item.added",
              "response.function_call_arguments.delta",
              "response.function_call_arguments.delta",
              "response.function_call_arguments.done",
              "response.output_item.done",
              "response.completed");
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).sequenceNumber()).isEqualTo(i);
      }
      ResponseStreamEvent added = events.get(8);
      assertThat(added.outputIndex()).isEqualTo(1);
      assertThat(added.item().type()).isEqualTo("function_call");
      assertThat(added.item().callId()).isEqualTo("toolu_r");
      assertThat(added.item().name()).isEqualTo("get_weather");
      assertThat(events.get(11).arguments()).isEqualTo("{\"city\":\"Rome\"}");
      ResponseObject done = events.get(13).response();
      assertThat(done.status()).isEqualTo("completed");
      assertThat(done.outputText()).isEqualTo("Checking");
      assertThat(done.functionCalls().get(0).arguments()).isEqualTo("{\"city\":\"Rome\"}");
      assertThat(done.usage().inputTokens()).isEqualTo(40);
      assertThat(done.usage().outputTokens()).isEqualTo(15);
      assertThat(s.result().usage().totalTokens()).isEqualTo(55);
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/messages"))
              .withRequestBody(equalToJson("{\"stream\":true}", true, true)));
    }
  }

  @Test
  void nonFunctionToolsAreABadRequestWhenMapped() {
    ResponsesRequest r =
        new ResponsesRequest(
            "m",
            "news?",
            null,
            List.of(new ResponseTool("web_search_preview", null, null, null, null, null)),
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
            null);
    try (LlmRouter router = router("anthropic", "")) {
      assertThatThrownBy(() -> router.responses(r))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("web_search_preview");
    }
  }

  @Test
  void completionsNativeOnOpenAi() {
    wm.stubFor(post("/v1/completions").willReturn(okJson(ResponsesFixtures.COMPLETION)));
    try (LlmRouter router = router("openai", "/v1")) {
      CompletionRequest req =
          new CompletionRequest(
              "m",
              "Say this is a test",
              null,
              7,
              0.0,
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
              null);
      RouteResult<CompletionResponse> r = router.completions(req);
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/completions"))
              .withRequestBody(
                  equalToJson(
                      "{\"model\":\"up\",\"prompt\":\"Say this is a test\",\"max_tokens\":7,\"temperature\":0.0}")));
      assertThat(r.response().object()).isEqualTo("text_completion");
      assertThat(r.response().text()).isEqualTo("\n\nThis is indeed a test");
      assertThat(r.response().choices().get(0).finishReason()).isEqualTo("length");
      assertThat(r.usage().totalTokens()).isEqualTo(12);
      // Fields only native upstreams understand go through untouched.
      wm.resetRequests();
      router.completions(
          new CompletionRequest(
              "m",
              List.of("a", "b"),
              "end",
              null,
              null,
              null,
              null,
              null,
              true,
              1,
              null,
              null,
              null,
              null,
              null,
              null));
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/completions"))
              .withRequestBody(
                  equalToJson(
                      "{\"model\":\"up\",\"prompt\":[\"a\",\"b\"],\"suffix\":\"end\",\"echo\":true,\"logprobs\":1}")));
      assertThatThrownBy(
              () ->
                  router.completions(
                      new CompletionRequest(
                          "m", "x", null, null, null, null, null, null, null, null, null, null,
                          null, null, true, null)))
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("stream");
    }
  }

  @Test
  void completionsMappedOntoAnthropic() {
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                okJson(
                    """
        {"id":"msg_c","type":"message","role":"assistant","model":"up","content":[{"type":"text","text":"This is a test."}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":5}}""")));
    try (LlmRouter router = router("anthropic", "")) {
      RouteResult<CompletionResponse> r =
          router.completions(CompletionRequest.of("m", "Say this is a test"));
      wm.verify(
          postRequestedFor(urlEqualTo("/v1/messages"))
              .withRequestBody(
                  equalToJson(
                      """
          {"model":"up","max_tokens":4096,"messages":[{"role":"user","content":[{"type":"text","text":"Say this is a test"}]}]}""")));
      assertThat(r.response().object()).isEqualTo("text_completion");
      assertThat(r.response().text()).isEqualTo("This is a test.");
      assertThat(r.response().choices().get(0).finishReason()).isEqualTo("stop");
      assertThat(r.usage().promptTokens()).isEqualTo(5);
      assertThatThrownBy(
              () ->
                  router.completions(
                      new CompletionRequest(
                          "m", "x", "suffix", null, null, null, null, null, null, null, null, null,
                          null, null, null, null)))
          .isInstanceOf(BadRequestException.class);
    }
  }
}
