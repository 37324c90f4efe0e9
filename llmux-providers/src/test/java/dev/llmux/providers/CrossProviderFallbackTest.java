package dev.llmux.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import dev.llmux.core.config.RetryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same conversation with tool calls, mid-way, falls back from one provider type to another: for
 * every ordered pair of openai, anthropic and gemini, the primary fails with its own error shape,
 * the fallback receives the whole conversation (tool call and tool result included) in its own wire
 * format, and the caller gets the same OpenAI-shaped tool call back.
 */
class CrossProviderFallbackTest extends WireMockTestBase {

  static Stream<Arguments> pairs() {
    List<String> types = List.of("openai", "anthropic", "gemini");
    List<Arguments> out = new ArrayList<>();
    for (String a : types) {
      for (String b : types) {
        if (!a.equals(b)) {
          out.add(Arguments.of(a, b));
        }
      }
    }
    return out.stream();
  }

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

  static String path(String type) {
    return switch (type) {
      case "openai" -> "/openai/v1/chat/completions";
      case "anthropic" -> "/anthropic/v1/messages";
      default -> "/gemini/v1beta/models/up-model:generateContent";
    };
  }

  static String streamPath(String type) {
    return type.equals("gemini")
        ? "/gemini/v1beta/models/up-model:streamGenerateContent?alt=sse"
        : path(type);
  }

  static ProviderConfig config(String type) {
    String base =
        switch (type) {
          case "openai" -> wm.baseUrl() + "/openai/v1";
          case "anthropic" -> wm.baseUrl() + "/anthropic";
          default -> wm.baseUrl() + "/gemini";
        };
    return new ProviderConfig(type + "-p", type, "key-" + type, base, Map.of());
  }

  static void failing(String type, String path) {
    String body =
        switch (type) {
          case "openai" ->
              "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
          case "anthropic" ->
              "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
          default ->
              "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}";
        };
    int status = type.equals("anthropic") ? 529 : 503;
    wm.stubFor(
        post(urlEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /** The fallback's answer: a call of get_weather for Rome, in its own wire format. */
  static String answer(String type) {
    return switch (type) {
      case "openai" ->
          """
          {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"up-model",
           "choices":[{"index":0,"message":{"role":"assistant","content":null,
             "tool_calls":[{"id":"call_rome","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
             "finish_reason":"tool_calls"}],
           "usage":{"prompt_tokens":80,"completion_tokens":12,"total_tokens":92}}""";
      case "anthropic" ->
          """
          {"id":"msg_1","type":"message","role":"assistant","model":"up-model",
           "content":[{"type":"tool_use","id":"call_rome","name":"get_weather","input":{"city":"Rome"}}],
           "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":80,"output_tokens":12}}""";
      default ->
          """
          {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"call_rome","name":"get_weather","args":{"city":"Rome"}}}]},
             "finishReason":"STOP","index":0}],
           "usageMetadata":{"promptTokenCount":80,"candidatesTokenCount":12,"totalTokenCount":92},
           "modelVersion":"up-model","responseId":"r1"}""";
    };
  }

  static String streamAnswer(String type) {
    return switch (type) {
      case "openai" ->
          sse(
              null,
                  "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_rome\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
              null,
                  "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]},\"finish_reason\":null}]}",
              null,
                  "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
              null,
                  "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up-model\",\"choices\":[],\"usage\":{\"prompt_tokens\":80,\"completion_tokens\":12,\"total_tokens\":92}}",
              null, "[DONE]");
      case "anthropic" ->
          sse(
              "message_start",
                  "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"up-model\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":80,\"output_tokens\":1}}}",
              "content_block_start",
                  "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"call_rome\",\"name\":\"get_weather\",\"input\":{}}}",
              "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}",
              "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
              "message_delta",
                  "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}",
              "message_stop", "{\"type\":\"message_stop\"}");
      default -> sse(null, answer("gemini").replace("\n", ""));
    };
  }

  /** The conversation as the fallback must receive it. */
  static String expectedBody(String type, boolean stream) {
    return switch (type) {
      case "openai" ->
          """
          {"model":"up-model","max_tokens":300,%s
           "messages":[{"role":"system","content":"You are a weather bot."},
             {"role":"user","content":"Weather in Paris, then in Rome?"},
             {"role":"assistant","tool_calls":[{"id":"call_paris","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
             {"role":"tool","content":"18C and sunny","tool_call_id":"call_paris"}],
           "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}"""
              .formatted(
                  stream ? "\"stream\":true,\"stream_options\":{\"include_usage\":true}," : "");
      case "anthropic" ->
          """
          {"model":"up-model","max_tokens":300,%s
           "system":[{"type":"text","text":"You are a weather bot."}],
           "messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris, then in Rome?"}]},
             {"role":"assistant","content":[{"type":"tool_use","id":"call_paris","name":"get_weather","input":{"city":"Paris"}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_paris","content":"18C and sunny"}]}],
           "tools":[{"name":"get_weather","description":"Weather of a city",
             "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}"""
              .formatted(stream ? "\"stream\":true," : "");
      default ->
          """
          {"contents":[{"role":"user","parts":[{"text":"Weather in Paris, then in Rome?"}]},
             {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},
             {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"content":"18C and sunny"}}}]}],
           "systemInstruction":{"parts":[{"text":"You are a weather bot."}]},
           "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather of a city",
             "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}],
           "generationConfig":{"maxOutputTokens":300}}""";
    };
  }

  static LlmRouter router(String primary, String fallback) {
    return LlmRouter.builder()
        .provider(config(primary))
        .provider(config(fallback))
        .deployment(Deployment.builder("primary", primary + "-p").model("up-model").build())
        .deployment(Deployment.builder("secondary", fallback + "-p").model("up-model").build())
        .fallbacks("primary", List.of("secondary"))
        .retry(RetryConfig.custom().numRetries(0).build())
        .sleeper(d -> {})
        .build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void chatFallsBackAcrossProviderTypes(String primary, String fallback) {
    failing(primary, path(primary));
    wm.stubFor(post(urlEqualTo(path(fallback))).willReturn(okJson(answer(fallback))));
    try (LlmRouter router = router(primary, fallback)) {
      RouteResult<ChatCompletionResponse> r = router.chat(CONVERSATION);

      assertThat(r.provider()).isEqualTo(fallback + "-p");
      assertThat(r.modelGroup()).isEqualTo("secondary");
      assertThat(r.fellBack()).isTrue();
      wm.verify(1, postRequestedFor(urlEqualTo(path(primary))));
      wm.verify(
          postRequestedFor(urlEqualTo(path(fallback)))
              .withRequestBody(equalToJson(expectedBody(fallback, false))));
      ChatCompletionResponse response = r.response();
      assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
      List<ToolCall> calls = response.choices().get(0).message().toolCalls();
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0).id()).isEqualTo("call_rome");
      assertThat(calls.get(0).type()).isEqualTo("function");
      assertThat(calls.get(0).function().name()).isEqualTo("get_weather");
      assertThat(json(calls.get(0).function().arguments())).isEqualTo(json("{\"city\":\"Rome\"}"));
      assertThat(r.usage().promptTokens()).isEqualTo(80);
      assertThat(r.usage().completionTokens()).isEqualTo(12);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("pairs")
  void streamFallsBackAcrossProviderTypes(String primary, String fallback) {
    failing(primary, streamPath(primary));
    wm.stubFor(
        post(urlEqualTo(streamPath(fallback)))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(streamAnswer(fallback))));
    try (LlmRouter router = router(primary, fallback);
        ChatStream stream = router.stream(CONVERSATION.toBuilder().stream(true).build())) {
      List<ChatCompletionChunk> chunks = new ArrayList<>();
      stream.forEachRemaining(chunks::add);

      wm.verify(
          postRequestedFor(urlEqualTo(streamPath(fallback)))
              .withRequestBody(equalToJson(expectedBody(fallback, true))));
      assertThat(chunks.get(0).choices().get(0).delta().role()).isEqualTo("assistant");
      StringBuilder args = new StringBuilder();
      String id = null;
      String name = null;
      String finish = null;
      for (ChatCompletionChunk c : chunks) {
        for (var ch : c.choices()) {
          if (ch.delta() != null && ch.delta().toolCalls() != null) {
            for (ToolCall t : ch.delta().toolCalls()) {
              assertThat(t.index()).isEqualTo(0);
              if (t.id() != null) {
                id = t.id();
                name = t.function().name();
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
      assertThat(name).isEqualTo("get_weather");
      assertThat(json(args.toString())).isEqualTo(json("{\"city\":\"Rome\"}"));
      assertThat(finish).isEqualTo("tool_calls");
      assertThat(chunks)
          .noneMatch(ChatCompletionChunk::isUsageOnly); // the caller did not ask for usage
      assertThat(stream.result().provider()).isEqualTo(fallback + "-p");
      assertThat(stream.result().usage().promptTokens()).isEqualTo(80);
    }
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
