package dev.llmux.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.JsonSchema;
import dev.llmux.api.chat.ResponseFormat;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BedrockConverseTest extends BedrockTestSupport {
  static final Map<String, Object> WEATHER =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("location", Map.of("type", "string")),
          "required",
          List.of("location"));

  /** A Converse answer as Bedrock sends it. */
  static final String TOOL_USE_ANSWER =
      """
      {"metrics":{"latencyMs":812},
       "output":{"message":{"content":[
          {"text":"Let me check Lyon too."},
          {"toolUse":{"input":{"location":"Lyon"},"name":"get_weather","toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q"}}],
        "role":"assistant"}},
       "stopReason":"tool_use",
       "usage":{"inputTokens":120,"outputTokens":30,"totalTokens":1174,"cacheReadInputTokens":1024,"cacheWriteInputTokens":0}}
      """;

  static void stubConverse(String path, String body) {
    wm.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-RequestId", "6b0dbb1e-2d2c-4f62-a7a4-77b8b2a0c111")
                    .withBody(body)));
  }

  @Test
  void converseRequestBodyUrlAndHeaders() {
    stubConverse(CLAUDE_PATH + "/converse", TOOL_USE_ANSWER);
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model(CLAUDE)
            .addMessage(ChatMessage.system("You are terse."))
            .addMessage(
                ChatMessage.user(
                    ContentPart.text("What is in this image, and the weather?"),
                    ContentPart.image("data:image/png;base64,iVBORw0KGgo=")))
            .addMessage(
                ChatMessage.assistant(
                    null,
                    List.of(
                        ToolCall.function("call_1", "get_weather", "{\"location\":\"Paris\"}"))))
            .addMessage(ChatMessage.tool("call_1", "sunny, 24C"))
            .tools(List.of(Tool.function("get_weather", "Get the weather", WEATHER)))
            .toolChoice(ToolChoice.function("get_weather"))
            .temperature(0.5)
            .topP(0.9)
            .maxTokens(512)
            .stop(List.of("END"))
            .presencePenalty(0.3)
            .seed(7L)
            .user("u1")
            .build();

    ChatCompletionResponse r = bedrock().chat(request, OPTIONS);

    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withHeader("Content-Type", containing("application/json"))
            .withHeader("Accept", equalTo("application/json"))
            .withHeader("X-Amz-Date", equalTo("20250115T120000Z"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250115/us-east-1/bedrock/aws4_request, "
                        + "SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}"))
            .withRequestBody(
                equalToJson(
                    """
            {"messages":[
              {"role":"user","content":[{"text":"What is in this image, and the weather?"},
                                        {"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}}]},
              {"role":"assistant","content":[{"toolUse":{"toolUseId":"call_1","name":"get_weather","input":{"location":"Paris"}}}]},
              {"role":"user","content":[{"toolResult":{"toolUseId":"call_1","content":[{"text":"sunny, 24C"}],"status":"success"}}]}],
             "system":[{"text":"You are terse."}],
             "inferenceConfig":{"maxTokens":512,"temperature":0.5,"topP":0.9,"stopSequences":["END"]},
             "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Get the weather",
                 "inputSchema":{"json":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}}],
               "toolChoice":{"tool":{"name":"get_weather"}}}}
            """)));

    assertThat(r.id()).isEqualTo("chatcmpl-6b0dbb1e-2d2c-4f62-a7a4-77b8b2a0c111");
    assertThat(r.model()).isEqualTo(CLAUDE);
    assertThat(r.created()).isEqualTo(NOW.getEpochSecond());
    assertThat(r.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(r.text()).isEqualTo("Let me check Lyon too.");
    ToolCall call = r.choices().get(0).message().toolCalls().get(0);
    assertThat(call.id()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Lyon\"}");
    // inputTokens excludes cached tokens: prompt = 120 + 1024.
    assertThat(r.usage().promptTokens()).isEqualTo(1144);
    assertThat(r.usage().cachedTokens()).isEqualTo(1024);
    assertThat(r.usage().completionTokens()).isEqualTo(30);
  }

  @Test
  void consecutiveTurnsMergeAndToolHistoryWithoutToolsGetsStubSpecs() {
    stubConverse(
        CLAUDE_PATH + "/converse",
        """
        {"output":{"message":{"content":[{"text":"Done."}],"role":"assistant"}},"stopReason":"end_turn",
         "usage":{"inputTokens":9,"outputTokens":2,"totalTokens":11}}""");
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model(CLAUDE)
            .addMessage(ChatMessage.user("Hi"))
            .addMessage(ChatMessage.user("Weather in Paris?"))
            .addMessage(
                ChatMessage.assistant(
                    "Checking.", List.of(ToolCall.function("call|7", "get_weather", "{}"))))
            .addMessage(ChatMessage.tool("call|7", "sunny"))
            .build();
    assertThat(bedrock().chat(request, OPTIONS).text()).isEqualTo("Done.");
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[
          {"role":"user","content":[{"text":"Hi"},{"text":"Weather in Paris?"}]},
          {"role":"assistant","content":[{"text":"Checking."},{"toolUse":{"toolUseId":"call_7","name":"get_weather","input":{}}}]},
          {"role":"user","content":[{"toolResult":{"toolUseId":"call_7","content":[{"text":"sunny"}],"status":"success"}}]}],
         "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"A tool used earlier in this conversation.",
             "inputSchema":{"json":{"type":"object","properties":{}}}}}]}}
        """)));
  }

  @Test
  void reasoningOnClaudeBecomesThinkingAndComesBackAsReasoningContent() {
    stubConverse(
        CLAUDE_PATH + "/converse",
        """
        {"output":{"message":{"content":[
            {"reasoningContent":{"reasoningText":{"text":"The user wants 2+2.","signature":"EqoBCkgIARAB"}}},
            {"text":"4"}],"role":"assistant"}},
         "stopReason":"end_turn","usage":{"inputTokens":40,"outputTokens":60,"totalTokens":100}}""");
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model(CLAUDE)
            .addMessage(ChatMessage.user("2+2?"))
            .reasoningEffort("low")
            .temperature(0.7)
            .extra("top_k", 5)
            .build();
    ChatCompletionResponse r = bedrock().chat(request, OPTIONS);
    assertThat(r.text()).isEqualTo("4");
    assertThat(r.choices().get(0).message().reasoningContent()).isEqualTo("The user wants 2+2.");
    // claude-3-5-sonnet's default max tokens (8192) is above the 1024 budget; temperature and top_k
    // are not sent with thinking on.
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[{"role":"user","content":[{"text":"2+2?"}]}],
         "inferenceConfig":{"maxTokens":8192},
         "additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":1024}}}
        """)));
  }

  @Test
  void topKAndPassThroughFieldsForOtherModels() {
    String nova = "us.amazon.nova-pro-v1:0";
    stubConverse(
        "/model/us.amazon.nova-pro-v1%3A0/converse",
        """
        {"output":{"message":{"content":[{"text":"ok"}],"role":"assistant"}},"stopReason":"end_turn",
         "usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4}}""");
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model(nova)
            .addMessage(ChatMessage.user("Hi"))
            .extra("top_k", 5)
            .reasoningEffort("high")
            .extra(
                "guardrailConfig", Map.of("guardrailIdentifier", "gr-1", "guardrailVersion", "1"))
            .extra("additionalModelRequestFields", Map.of("inferenceConfig", Map.of("topK", 20)))
            .build();
    bedrock().chat(request, OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo("/model/us.amazon.nova-pro-v1%3A0/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[{"role":"user","content":[{"text":"Hi"}]}],
         "additionalModelRequestFields":{"inferenceConfig":{"topK":20}},
         "guardrailConfig":{"guardrailIdentifier":"gr-1","guardrailVersion":"1"}}
        """)));
  }

  @Test
  void jsonSchemaIsAForcedToolWhoseInputIsTheContent() {
    stubConverse(
        CLAUDE_PATH + "/converse",
        """
        {"output":{"message":{"content":[{"toolUse":{"input":{"city":"Paris","temp":24},"name":"weather_report",
            "toolUseId":"tooluse_1"}}],"role":"assistant"}},"stopReason":"tool_use",
         "usage":{"inputTokens":50,"outputTokens":20,"totalTokens":70}}""");
    Map<String, Object> schema =
        Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model(CLAUDE)
            .addMessage(ChatMessage.user("Weather report for Paris"))
            .responseFormat(
                ResponseFormat.jsonSchema(JsonSchema.of("weather_report", schema, true)))
            .build();
    ChatCompletionResponse r = bedrock().chat(request, OPTIONS);
    assertThat(r.text()).isEqualTo("{\"city\":\"Paris\",\"temp\":24}");
    assertThat(r.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(r.choices().get(0).message().toolCalls()).isNull();
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[{"role":"user","content":[{"text":"Weather report for Paris"}]}],
         "toolConfig":{"tools":[{"toolSpec":{"name":"weather_report","description":"Respond with the structured output.",
             "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}}}}}}],
           "toolChoice":{"tool":{"name":"weather_report"}}}}
        """)));
  }

  @Test
  void toolChoiceModes() {
    stubConverse(
        CLAUDE_PATH + "/converse",
        """
        {"output":{"message":{"content":[{"text":"ok"}],"role":"assistant"}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}""");
    ChatCompletionRequest base =
        ChatCompletionRequest.builder()
            .model(CLAUDE)
            .addMessage(ChatMessage.user("Hi"))
            .tools(List.of(Tool.function("f", null, null)))
            .build();
    bedrock().chat(base.toBuilder().toolChoice(ToolChoice.REQUIRED).build(), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[{"role":"user","content":[{"text":"Hi"}]}],
         "toolConfig":{"tools":[{"toolSpec":{"name":"f","inputSchema":{"json":{"type":"object","properties":{}}}}}],
           "toolChoice":{"any":{}}}}""")));
    wm.resetRequests();
    bedrock().chat(base.toBuilder().toolChoice(ToolChoice.NONE).build(), OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[{"role":"user","content":[{"text":"Hi"}]}]}""")));
  }

  @Test
  void refusedInputsAreBadRequestsBeforeAnyCall() {
    ChatCompletionRequest.Builder b = ChatCompletionRequest.builder().model(CLAUDE);
    assertThatThrownBy(
            () ->
                bedrock()
                    .chat(
                        b.messages(
                                List.of(
                                    ChatMessage.user(
                                        ContentPart.image("https://example.com/cat.png"))))
                            .build(),
                        OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("data: URLs or s3://");
    assertThatThrownBy(
            () ->
                bedrock()
                    .chat(
                        b.messages(
                                List.of(
                                    ChatMessage.user(
                                        ContentPart.image("data:image/bmp;base64,Qk0="))))
                            .build(),
                        OPTIONS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("png, jpeg, gif or webp");
    assertThatThrownBy(
            () -> bedrock().chat(b.messages(List.of(ChatMessage.user("x"))).n(2).build(), OPTIONS))
        .isInstanceOf(BadRequestException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void s3ImagesAreS3Locations() {
    stubConverse(
        CLAUDE_PATH + "/converse",
        """
        {"output":{"message":{"content":[{"text":"a cat"}],"role":"assistant"}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3}}""");
    bedrock()
        .chat(
            ChatCompletionRequest.builder()
                .model(CLAUDE)
                .messages(List.of(ChatMessage.user(ContentPart.image("s3://my-bucket/cat.jpeg"))))
                .build(),
            OPTIONS);
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(
                equalToJson(
                    """
        {"messages":[{"role":"user","content":[{"image":{"format":"jpeg","source":{"s3Location":{"uri":"s3://my-bucket/cat.jpeg"}}}}]}]}""")));
  }

  /** Bedrock's error answers: the type in x-amzn-ErrorType, the text in {"message"}. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "429|ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/|Too many requests, please wait before trying again.|RateLimitException",
        "400|ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/|Input is too long for requested model.|ContextWindowExceededException",
        "400|ValidationException|The model returned the following errors: messages: roles must alternate|BadRequestException",
        "403|AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/|You don't have access to the model with the specified model ID.|PermissionDeniedException",
        "403|UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/|The security token included in the request is invalid.|AuthenticationException",
        "403|InvalidSignatureException|The request signature we calculated does not match the signature you provided.|AuthenticationException",
        "404|ResourceNotFoundException|Model not found.|NotFoundException",
        "408|ModelTimeoutException|Model has timed out in processing the request.|LlmTimeoutException",
        "424|ModelErrorException|The model returned an error.|UpstreamServerException",
        "429|ServiceQuotaExceededException|Your request exceeds the service quota for your account.|RateLimitException",
        "500|InternalServerException|Internal error|UpstreamServerException",
        "503|ServiceUnavailableException|Bedrock is unable to process your request.|UpstreamServerException",
      })
  void errorsAreMapped(int status, String type, String message, String expected) {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse")
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", type)
                    .withHeader("retry-after", "2")
                    .withBody("{\"message\":\"" + message.replace("\"", "\\\"") + "\"}")));
    assertThatThrownBy(
            () -> bedrock().chat(ChatCompletionRequest.of(CLAUDE, ChatMessage.user("Hi")), OPTIONS))
        .isInstanceOfSatisfying(
            LlmException.class,
            e -> {
              assertThat(e.getClass().getSimpleName()).isEqualTo(expected);
              assertThat(e.getMessage()).isEqualTo(message);
              assertThat(e.upstreamStatus()).isEqualTo(status);
              if (e instanceof RateLimitException) {
                assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
                assertThat(e.isRetriable()).isTrue();
              }
            });
  }

  @Test
  void errorClassesKeepTheirRetriability() {
    assertThat(new UpstreamServerException("x", 503, null).isRetriable()).isTrue();
    assertThat(BedrockErrors.fromStream("validationException", "{\"message\":\"bad\"}"))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("bad");
    assertThat(BedrockErrors.fromStream("modelStreamErrorException", "{\"message\":\"boom\"}"))
        .isInstanceOf(UpstreamServerException.class);
    assertThat(BedrockErrors.fromStream("throttlingException", "{}"))
        .isInstanceOf(RateLimitException.class);
    assertThat(BedrockErrors.fromHttp(401, "{\"message\":\"nope\"}", h -> null))
        .isInstanceOf(AuthenticationException.class);
    assertThat(
            BedrockErrors.errorType(
                "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"))
        .isEqualTo("ThrottlingException");
  }

  @Test
  void cacheWritesAreReportedForTheirPrice() throws Exception {
    var u =
        ConverseResponses.usage(
            dev.llmux.api.Json.mapper()
                .readTree(
                    "{\"inputTokens\":100,\"outputTokens\":7,\"cacheReadInputTokens\":50,"
                        + "\"cacheWriteInputTokens\":2000}"));
    assertThat(u.promptTokens()).isEqualTo(2150);
    assertThat(u.cachedTokens()).isEqualTo(50);
    assertThat(u.extra()).containsEntry("cache_creation_input_tokens", 2000);
  }
}
