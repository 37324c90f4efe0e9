package dev.llmux.bedrock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RouterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bedrock inside a real router: configured from YAML in both shapes, and in a cross-provider
 * fallback where a conversation with tool calls moves between Bedrock and the HTTP-key providers.
 */
class BedrockRouterTest extends BedrockTestSupport {

  static final String CONVERSE_ANSWER =
      """
      {"output":{"message":{"role":"assistant","content":[{"text":"hi"}]}},"stopReason":"end_turn",
       "usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4},"metrics":{"latencyMs":10}}""";

  static void stubConverse(String body) {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  // ---------------------------------------------------------------- YAML

  @Test
  void litellmShapeWithAwsKeys() {
    stubConverse(CONVERSE_ANSWER);
    RouterConfig c =
        ConfigLoader.parse(
            """
            model_list:
              - model_name: claude
                litellm_params:
                  model: bedrock/%s
                  aws_region_name: eu-west-1
                  aws_access_key_id: %s
                  aws_secret_access_key: os.environ/AWS_SECRET
                  aws_session_token: FwoGZXIvYXdzEXAMPLE
                  aws_bedrock_runtime_endpoint: %s
            """
                .formatted(CLAUDE, ACCESS_KEY, wm.baseUrl()),
            "litellm.yaml",
            Set.of(),
            Map.of("AWS_SECRET", SECRET_KEY));
    ProviderConfig p = c.providers().get(0);
    assertThat(p.type()).isEqualTo("bedrock");
    assertThat(p.baseUrl()).isEqualTo(wm.baseUrl());
    assertThat(p.settings())
        .isEqualTo(
            Map.of(
                "region",
                "eu-west-1",
                "access_key_id",
                ACCESS_KEY,
                "secret_access_key",
                SECRET_KEY,
                "session_token",
                "FwoGZXIvYXdzEXAMPLE"));
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      assertThat(
              router
                  .chat(ChatCompletionRequest.of("claude", ChatMessage.user("Hi")))
                  .response()
                  .text())
          .isEqualTo("hi");
    }
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withHeader("X-Amz-Security-Token", equalTo("FwoGZXIvYXdzEXAMPLE"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/[0-9]{8}/eu-west-1/bedrock/aws4_request,"
                        + " .*")));
  }

  @Test
  void llmuxShape() {
    stubConverse(CONVERSE_ANSWER);
    RouterConfig c =
        ConfigLoader.parse(
            """
            providers:
              - name: aws
                type: bedrock
                base_url: %s
                region: us-west-2
                access_key_id: %s
                secret_access_key: %s
                headers: {X-Team: search}
                models:
                  - {name: claude, model: %s}
            """
                .formatted(wm.baseUrl(), ACCESS_KEY, SECRET_KEY, CLAUDE),
            "llmux.yaml",
            Set.of(),
            Map.of());
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      router.chat(ChatCompletionRequest.of("claude", ChatMessage.user("Hi")));
    }
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withHeader("X-Team", equalTo("search"))
            .withHeader(
                "Authorization",
                matching(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/[0-9]{8}/us-west-2/bedrock/aws4_request,"
                        + " SignedHeaders=[a-z0-9;-]*x-team[a-z0-9;-]*, .*")));
  }

  // ---------------------------------------------------------------- cross-provider fallback

  static final ChatCompletionRequest CONVERSATION =
      ChatCompletionRequest.builder()
          .model("primary")
          .maxTokens(300)
          .tools(
              List.of(
                  Tool.function(
                      "get_weather",
                      "Weather of a city",
                      Map.of(
                          "type",
                          "object",
                          "properties",
                          Map.of("city", Map.of("type", "string")),
                          "required",
                          List.of("city")))))
          .addMessage(ChatMessage.system("You are a weather bot."))
          .addMessage(ChatMessage.user("Weather in Paris, then in Rome?"))
          .addMessage(
              ChatMessage.assistant(
                  null,
                  List.of(ToolCall.function("call_paris", "get_weather", "{\"city\":\"Paris\"}"))))
          .addMessage(ChatMessage.tool("call_paris", "18C and sunny"))
          .build();

  /** The conversation in Converse's shape. */
  static final String CONVERSE_BODY =
      """
      {"messages":[
         {"role":"user","content":[{"text":"Weather in Paris, then in Rome?"}]},
         {"role":"assistant","content":[{"toolUse":{"toolUseId":"call_paris","name":"get_weather","input":{"city":"Paris"}}}]},
         {"role":"user","content":[{"toolResult":{"toolUseId":"call_paris","content":[{"text":"18C and sunny"}],"status":"success"}}]}],
       "system":[{"text":"You are a weather bot."}],
       "inferenceConfig":{"maxTokens":300},
       "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Weather of a city",
         "inputSchema":{"json":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}}]}}""";

  static final String BEDROCK_TOOL_ANSWER =
      """
      {"output":{"message":{"role":"assistant","content":[
         {"toolUse":{"toolUseId":"call_rome","name":"get_weather","input":{"city":"Rome"}}}]}},
       "stopReason":"tool_use","usage":{"inputTokens":80,"outputTokens":12,"totalTokens":92},
       "metrics":{"latencyMs":10}}""";

  static final String OPENAI_TOOL_ANSWER =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"up-model",
       "choices":[{"index":0,"message":{"role":"assistant","content":null,
         "tool_calls":[{"id":"call_rome","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
         "finish_reason":"tool_calls"}],
       "usage":{"prompt_tokens":80,"completion_tokens":12,"total_tokens":92}}""";

  static final String ANTHROPIC_TOOL_ANSWER =
      """
      {"id":"msg_1","type":"message","role":"assistant","model":"up-model",
       "content":[{"type":"tool_use","id":"call_rome","name":"get_weather","input":{"city":"Rome"}}],
       "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":80,"output_tokens":12}}""";

  static ProviderConfig other(String type) {
    String base = type.equals("openai") ? wm.baseUrl() + "/openai/v1" : wm.baseUrl() + "/anthropic";
    return new ProviderConfig(type + "-p", type, "key-" + type, base, Map.of());
  }

  static String otherPath(String type) {
    return type.equals("openai") ? "/openai/v1/chat/completions" : "/anthropic/v1/messages";
  }

  static LlmRouter router(
      ProviderConfig primary, String primaryModel, ProviderConfig fallback, String fallbackModel) {
    return LlmRouter.builder()
        .provider(primary)
        .provider(fallback)
        .deployment(Deployment.builder("primary", primary.name()).model(primaryModel).build())
        .deployment(Deployment.builder("secondary", fallback.name()).model(fallbackModel).build())
        .fallbacks("primary", List.of("secondary"))
        .retry(RetryConfig.custom().numRetries(0).build())
        .sleeper(d -> {})
        .build();
  }

  static ProviderConfig bedrockConfig() {
    return new ProviderConfig(
        "bedrock-p",
        "bedrock",
        null,
        wm.baseUrl(),
        Map.of(
            "region", "us-east-1", "access_key_id", ACCESS_KEY, "secret_access_key", SECRET_KEY));
  }

  static void assertRomeCall(RouteResult<ChatCompletionResponse> r, String provider) {
    assertThat(r.provider()).isEqualTo(provider);
    assertThat(r.fellBack()).isTrue();
    ChatCompletionResponse response = r.response();
    assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
    ToolCall call = response.choices().get(0).message().toolCalls().get(0);
    assertThat(call.id()).isEqualTo("call_rome");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"Rome\"}"));
    assertThat(r.usage().promptTokens()).isEqualTo(80);
    assertThat(r.usage().completionTokens()).isEqualTo(12);
  }

  @ParameterizedTest(name = "{0} -> bedrock")
  @ValueSource(strings = {"openai", "anthropic"})
  void fallsBackToBedrockWithTheToolConversation(String primaryType) {
    wm.stubFor(
        post(urlEqualTo(otherPath(primaryType)))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}")));
    stubConverse(BEDROCK_TOOL_ANSWER);
    try (LlmRouter router = router(other(primaryType), "up-model", bedrockConfig(), CLAUDE)) {
      RouteResult<ChatCompletionResponse> r = router.chat(CONVERSATION);
      assertRomeCall(r, "bedrock-p");
    }
    wm.verify(1, postRequestedFor(urlEqualTo(otherPath(primaryType))));
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse"))
            .withRequestBody(equalToJson(CONVERSE_BODY)));
  }

  @ParameterizedTest(name = "bedrock -> {0}")
  @ValueSource(strings = {"openai", "anthropic"})
  void fallsBackFromBedrockWithTheToolConversation(String fallbackType) {
    wm.stubFor(
        post(CLAUDE_PATH + "/converse")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("x-amzn-ErrorType", "ServiceUnavailableException")
                    .withBody("{\"message\":\"Bedrock is unable to process your request.\"}")));
    wm.stubFor(
        post(urlEqualTo(otherPath(fallbackType)))
            .willReturn(
                okJson(
                    fallbackType.equals("openai") ? OPENAI_TOOL_ANSWER : ANTHROPIC_TOOL_ANSWER)));
    try (LlmRouter router = router(bedrockConfig(), CLAUDE, other(fallbackType), "up-model")) {
      RouteResult<ChatCompletionResponse> r = router.chat(CONVERSATION);
      assertRomeCall(r, fallbackType + "-p");
    }
    wm.verify(1, postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse")));
    // the tool call and its result reach the fallback in its own wire format
    wm.verify(
        postRequestedFor(urlEqualTo(otherPath(fallbackType)))
            .withRequestBody(
                containing(
                    fallbackType.equals("openai")
                        ? "\"tool_call_id\":\"call_paris\""
                        : "\"tool_use_id\":\"call_paris\"")));
  }

  @Test
  void streamFallsBackToBedrockWithToolDeltas() {
    wm.stubFor(
        post(urlEqualTo("/openai/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}")));
    wm.stubFor(
        post(CLAUDE_PATH + "/converse-stream")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", EVENT_STREAM)
                    .withBody(
                        concat(
                            event("messageStart", "{\"role\":\"assistant\"}"),
                            event(
                                "contentBlockStart",
                                "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":"
                                    + "{\"name\":\"get_weather\",\"toolUseId\":\"call_rome\"}}}"),
                            event(
                                "contentBlockDelta",
                                "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":"
                                    + "{\"input\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}}"),
                            event("contentBlockStop", "{\"contentBlockIndex\":0}"),
                            event("messageStop", "{\"stopReason\":\"tool_use\"}"),
                            event(
                                "metadata",
                                "{\"metrics\":{\"latencyMs\":5},\"usage\":"
                                    + "{\"inputTokens\":80,\"outputTokens\":12,\"totalTokens\":92}}")))));
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (LlmRouter router = router(other("openai"), "up-model", bedrockConfig(), CLAUDE);
        ChatStream stream = router.stream(CONVERSATION.toBuilder().stream(true).build())) {
      stream.forEachRemaining(chunks::add);
      assertThat(stream.result().provider()).isEqualTo("bedrock-p");
      assertThat(stream.result().usage().promptTokens()).isEqualTo(80);
    }
    wm.verify(
        postRequestedFor(urlEqualTo(CLAUDE_PATH + "/converse-stream"))
            .withRequestBody(equalToJson(CONVERSE_BODY)));
    StringBuilder args = new StringBuilder();
    String id = null;
    String finish = null;
    for (ChatCompletionChunk c : chunks) {
      for (var ch : c.choices()) {
        if (ch.delta() != null && ch.delta().toolCalls() != null) {
          for (ToolCall t : ch.delta().toolCalls()) {
            if (t.id() != null) {
              id = t.id();
              assertThat(t.function().name()).isEqualTo("get_weather");
            }
            if (t.function() != null && t.function().arguments() != null) {
              args.append(t.function().arguments());
            }
          }
        }
        if (ch.finishReason() != null) {
          finish = ch.finishReason();
        }
      }
    }
    assertThat(id).isEqualTo("call_rome");
    assertThat(json(args.toString())).isEqualTo(json("{\"city\":\"Rome\"}"));
    assertThat(finish).isEqualTo("tool_calls");
    assertThat(chunks).noneMatch(ChatCompletionChunk::isUsageOnly);
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
