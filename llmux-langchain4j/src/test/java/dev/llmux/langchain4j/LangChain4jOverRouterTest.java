package dev.llmux.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.RetryConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j model interfaces, through the adapters and the router, to an OpenAI upstream
 * on WireMock.
 */
class LangChain4jOverRouterTest {
  static WireMockServer wm;
  LlmRouter router;

  @BeforeAll
  static void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
  }

  @AfterAll
  static void stop() {
    wm.stop();
  }

  @BeforeEach
  void setUp() {
    wm.resetAll();
    router =
        LlmRouter.builder()
            .provider(ProviderConfig.of("up", "openai", "sk-upstream", wm.baseUrl() + "/v1"))
            .deployment(Deployment.builder("gpt-4o", "up").model("gpt-4o-2024-08-06").build())
            .deployment(Deployment.builder("embed", "up").model("text-embedding-3-small").build())
            .retry(RetryConfig.custom().numRetries(0).build())
            .build();
  }

  @AfterEach
  void tearDown() {
    router.close();
  }

  static void answer(String body) {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(body)));
  }

  static String chunk(String delta, String finish) {
    return "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}\n\n";
  }

  static final ToolSpecification WEATHER =
      ToolSpecification.builder()
          .name("get_weather")
          .description("Current weather")
          .parameters(
              JsonObjectSchema.builder()
                  .addStringProperty("city", "City name")
                  .required("city")
                  .build())
          .build();

  @Test
  void fullTranslationBothWays() {
    answer(
        """
        {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
           "tool_calls":[{"id":"call_9","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]}}],
         "usage":{"prompt_tokens":30,"completion_tokens":10,"total_tokens":40}}""");

    LlmuxChatModel model = LlmuxChatModel.of(router, "gpt-4o");
    ChatResponse r =
        model.chat(
            ChatRequest.builder()
                .messages(
                    SystemMessage.from("You are terse."),
                    UserMessage.from(
                        TextContent.from("What is this and the weather?"),
                        ImageContent.from(
                            "https://example.com/cat.png", ImageContent.DetailLevel.LOW)),
                    AiMessage.from(
                        List.of(
                            ToolExecutionRequest.builder()
                                .id("call_1")
                                .name("get_weather")
                                .arguments("{\"city\":\"Paris\"}")
                                .build())),
                    ToolExecutionResultMessage.from("call_1", "get_weather", "sunny, 21C"),
                    UserMessage.from("And Oslo?"))
                .toolSpecifications(WEATHER)
                .toolChoice(ToolChoice.REQUIRED)
                .temperature(0.3)
                .topP(0.9)
                .maxOutputTokens(200)
                .stopSequences(List.of("END"))
                .build());

    assertThat(r.aiMessage().hasToolExecutionRequests()).isTrue();
    ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
    assertThat(call.id()).isEqualTo("call_9");
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(30);
    assertThat(r.tokenUsage().outputTokenCount()).isEqualTo(10);
    assertThat(r.metadata().id()).isEqualTo("c1");

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-2024-08-06")))
            .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
            .withRequestBody(matchingJsonPath("$.messages[1].content[0].type", equalTo("text")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[1].content[1].image_url.url",
                    equalTo("https://example.com/cat.png")))
            .withRequestBody(
                matchingJsonPath("$.messages[1].content[1].image_url.detail", equalTo("low")))
            .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("assistant")))
            .withRequestBody(matchingJsonPath("$.messages[2].tool_calls[0].id", equalTo("call_1")))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[2].tool_calls[0].function.arguments",
                    equalTo("{\"city\":\"Paris\"}")))
            .withRequestBody(matchingJsonPath("$.messages[3].role", equalTo("tool")))
            .withRequestBody(matchingJsonPath("$.messages[3].tool_call_id", equalTo("call_1")))
            .withRequestBody(matchingJsonPath("$.messages[3].content", equalTo("sunny, 21C")))
            .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather")))
            .withRequestBody(
                matchingJsonPath("$.tools[0].function.parameters.type", equalTo("object")))
            .withRequestBody(
                matchingJsonPath(
                    "$.tools[0].function.parameters.properties.city.type", equalTo("string")))
            .withRequestBody(
                matchingJsonPath("$.tools[0].function.parameters.required[0]", equalTo("city")))
            .withRequestBody(matchingJsonPath("$.tool_choice", equalTo("required")))
            .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.3")))
            .withRequestBody(matchingJsonPath("$.top_p", equalTo("0.9")))
            .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("200")))
            .withRequestBody(matchingJsonPath("$.stop[0]", equalTo("END"))));
  }

  @Test
  void base64ImagesBecomeDataUrlsAndUnsupportedContentIsRejected() {
    answer(
        """
        {"id":"c4","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"A red dot"}}]}""");
    ChatResponse r =
        LlmuxChatModel.of(router, "gpt-4o")
            .chat(
                ChatRequest.builder()
                    .messages(
                        UserMessage.from(
                            TextContent.from("Describe"),
                            ImageContent.from("iVBORw0KGgo=", "image/png")))
                    .build());
    assertThat(r.aiMessage().text()).isEqualTo("A red dot");
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                matchingJsonPath(
                    "$.messages[0].content[1].image_url.url",
                    equalTo("data:image/png;base64,iVBORw0KGgo="))));

    assertThatThrownBy(
            () ->
                LlmuxChatModel.of(router, "gpt-4o")
                    .chat(
                        ChatRequest.builder()
                            .messages(
                                UserMessage.from(
                                    dev.langchain4j.data.message.AudioContent.from(
                                        "AAAA", "audio/wav")))
                            .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AUDIO");
  }

  @Test
  void jsonSchemaResponseFormat() {
    answer(
        """
        {"id":"c3","object":"chat.completion","created":1,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"{\\"name\\":\\"Ada\\"}"}}]}""");
    ChatResponse r =
        LlmuxChatModel.of(router, "gpt-4o")
            .chat(
                ChatRequest.builder()
                    .messages(UserMessage.from("Who wrote the first program?"))
                    .responseFormat(
                        ResponseFormat.builder()
                            .type(ResponseFormatType.JSON)
                            .jsonSchema(
                                JsonSchema.builder()
                                    .name("person")
                                    .rootElement(
                                        JsonObjectSchema.builder()
                                            .addStringProperty("name")
                                            .required("name")
                                            .build())
                                    .build())
                            .build())
                    .build());
    assertThat(r.aiMessage().text()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    // no usage from the upstream: the router's estimate is reported
    assertThat(r.tokenUsage()).isNotNull();
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_schema")))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.name", equalTo("person")))
            .withRequestBody(
                matchingJsonPath("$.response_format.json_schema.strict", equalTo("true")))
            .withRequestBody(
                matchingJsonPath(
                    "$.response_format.json_schema.schema.properties.name.type",
                    equalTo("string"))));
  }

  @Test
  void streamingTextAndToolCalls() throws Exception {
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":\"Let me \"}", null)
            + chunk("{\"content\":\"check.\"}", null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"id\":\"call_5\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}",
                null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}",
                null)
            + chunk(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Rome\\\"}\"}}]}",
                null)
            + chunk("{}", "tool_calls")
            + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}\n\n"
            + "data: [DONE]\n\n";
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(sse)));

    List<String> partials = new CopyOnWriteArrayList<>();
    List<PartialToolCall> partialCalls = new CopyOnWriteArrayList<>();
    List<CompleteToolCall> completeCalls = new CopyOnWriteArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    LlmuxStreamingChatModel.of(router, "gpt-4o")
        .chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Weather in Rome?"))
                .toolSpecifications(WEATHER)
                .build(),
            new StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(String s) {
                partials.add(s);
              }

              @Override
              public void onPartialToolCall(PartialToolCall p) {
                partialCalls.add(p);
              }

              @Override
              public void onCompleteToolCall(CompleteToolCall c) {
                completeCalls.add(c);
              }

              @Override
              public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }
            });

    ChatResponse r = done.get(10, TimeUnit.SECONDS);
    assertThat(String.join("", partials)).isEqualTo("Let me check.");
    assertThat(partialCalls).hasSize(2);
    assertThat(completeCalls).hasSize(1);
    assertThat(completeCalls.get(0).toolExecutionRequest().arguments())
        .isEqualTo("{\"city\":\"Rome\"}");
    assertThat(r.aiMessage().text()).isEqualTo("Let me check.");
    assertThat(r.aiMessage().toolExecutionRequests().get(0).id()).isEqualTo("call_5");
    assertThat(r.aiMessage().toolExecutionRequests().get(0).name()).isEqualTo("get_weather");
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
    assertThat(r.tokenUsage().totalTokenCount()).isEqualTo(19);
  }

  @Test
  void embeddings() {
    wm.stubFor(
        post("/v1/embeddings")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(
                        """
            {"object":"list","model":"text-embedding-3-small",
             "data":[{"object":"embedding","index":1,"embedding":[0.0,1.0]},{"object":"embedding","index":0,"embedding":[1.0,0.0]}],
             "usage":{"prompt_tokens":4,"total_tokens":4}}""")));
    Response<List<Embedding>> r =
        LlmuxEmbeddingModel.of(router, "embed")
            .embedAll(List.of(TextSegment.from("first"), TextSegment.from("second")));
    assertThat(r.content()).hasSize(2);
    assertThat(r.content().get(0).vector()).containsExactly(1.0f, 0.0f);
    assertThat(r.content().get(1).vector()).containsExactly(0.0f, 1.0f);
    assertThat(r.tokenUsage().inputTokenCount()).isEqualTo(4);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/embeddings"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"text-embedding-3-small\",\"input\":[\"first\",\"second\"],\"encoding_format\":\"float\"}")));
  }

  @Test
  void errorsAreTheRoutersExceptions() throws Exception {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "1")
                    .withBody(
                        "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}")));
    assertThatThrownBy(() -> LlmuxChatModel.of(router, "gpt-4o").chat("hi"))
        .isInstanceOf(RateLimitException.class);

    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    LlmuxStreamingChatModel.of(router, "gpt-4o")
        .chat(
            "hi",
            new StreamingChatResponseHandler() {
              @Override
              public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }
            });
    assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RateLimitException.class);

    assertThatThrownBy(() -> LlmuxChatModel.of(router, "no-such-group").chat("hi"))
        .isInstanceOf(dev.llmux.api.error.NotFoundException.class);
  }
}
