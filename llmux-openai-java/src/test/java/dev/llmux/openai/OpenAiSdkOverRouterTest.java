package dev.llmux.openai;

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
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.RetryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real openai-java SDK, through LlmuxHttpClient, through the router, to an OpenAI upstream on
 * WireMock.
 */
class OpenAiSdkOverRouterTest {
  static WireMockServer wm;
  LlmRouter router;
  OpenAIClient client;
  RecordingStreams recorder;

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
    recorder = new RecordingStreams();
    router =
        LlmRouter.builder()
            .provider(ProviderConfig.of("up", "openai", "sk-upstream", wm.baseUrl() + "/v1"))
            .deployment(Deployment.builder("gpt-4o", "up").model("gpt-4o-2024-08-06").build())
            .deployment(Deployment.builder("embed", "up").model("text-embedding-3-small").build())
            .retry(RetryConfig.custom().numRetries(0).build())
            .interceptor(recorder)
            .build();
    client = LlmuxOpenAi.client(router);
  }

  @AfterEach
  void tearDown() {
    client.close();
    router.close();
  }

  static final String COMPLETION =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from upstream"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

  static String chunk(String delta, String finish) {
    return "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}\n\n";
  }

  static final String USAGE_CHUNK =
      "data: {\"id\":\"chatcmpl-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"total_tokens\":6}}\n\n";

  @Test
  void plainChatCompletion() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(COMPLETION)));

    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addSystemMessage("Be brief.")
                    .addUserMessage("Hi")
                    .temperature(0.2)
                    .putAdditionalHeader("x-llmux-user", "alice")
                    .putAdditionalHeader("x-llmux-tags", "eu, paid")
                    .build());

    assertThat(c.choices().get(0).message().content()).contains("Hello from upstream");
    assertThat(c.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    assertThat(c.usage().get().totalTokens()).isEqualTo(8);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-2024-08-06")))
            .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.2")))
            .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
            .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Hi"))));
    assertThat(recorder.lastContext.get().userId()).isEqualTo("alice");
    assertThat(recorder.lastContext.get().tags()).containsExactly("eu", "paid");
  }

  @Test
  void routeHeadersOnTheRawResponse() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(COMPLETION)));
    var raw =
        client
            .chat()
            .completions()
            .withRawResponse()
            .create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build());
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().values("x-llmux-deployment")).containsExactly("up/gpt-4o-2024-08-06");
    assertThat(raw.headers().values("x-llmux-model-group")).containsExactly("gpt-4o");
    assertThat(raw.parse().choices()).hasSize(1);
  }

  @Test
  void streamingChatCompletion() {
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)
            + chunk("{\"content\":\"Hel\"}", null)
            + chunk("{\"content\":\"lo\"}", null)
            + chunk("{}", "stop")
            + USAGE_CHUNK
            + "data: [DONE]\n\n";
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(sse)));

    String text;
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> s =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Hi")
                    .build())) {
      chunks = s.stream().collect(Collectors.toList());
    }
    text =
        chunks.stream()
            .flatMap(c -> c.choices().stream())
            .map(ch -> ch.delta().content().orElse(""))
            .collect(Collectors.joining());
    assertThat(text).isEqualTo("Hello");
    assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
        .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
    // the caller did not ask for usage: LLMux strips the usage chunk it requested for itself
    assertThat(chunks).noneMatch(c -> c.usage().isPresent());
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    assertThat(recorder.closed).isTrue();
  }

  @Test
  void toolCallsBothWays() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(
                        """
            {"id":"chatcmpl-3","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
               "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}],
             "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""")));

    ChatCompletion c =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Weather in Paris?")
                    .addFunctionTool(
                        FunctionDefinition.builder()
                            .name("get_weather")
                            .description("Current weather")
                            .parameters(
                                FunctionParameters.builder()
                                    .putAdditionalProperty("type", JsonValue.from("object"))
                                    .putAdditionalProperty(
                                        "properties",
                                        JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                    .putAdditionalProperty(
                                        "required", JsonValue.from(List.of("city")))
                                    .build())
                            .build())
                    .build());

    ChatCompletionMessageFunctionToolCall call =
        c.choices().get(0).message().toolCalls().get().get(0).asFunction();
    assertThat(call.id()).isEqualTo("call_1");
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(c.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.tools[0].type", equalTo("function")))
            .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("get_weather")))
            .withRequestBody(
                matchingJsonPath("$.tools[0].function.parameters.required[0]", equalTo("city"))));
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
             "data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]}],
             "usage":{"prompt_tokens":2,"total_tokens":2}}""")));

    CreateEmbeddingResponse r =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("embed")
                    .input("hello world")
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                    .build());

    assertThat(r.data().get(0).embedding()).containsExactly(0.25f, -0.5f, 1.0f);
    assertThat(r.usage().promptTokens()).isEqualTo(2);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/embeddings"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\",\"encoding_format\":\"float\"}")));
  }

  @Test
  void modelsFromTheRouter() {
    assertThat(client.models().list().data())
        .extracting(m -> m.id())
        .containsExactly("gpt-4o", "embed");
    assertThat(client.models().retrieve("gpt-4o").ownedBy()).isEqualTo("llmux");
    assertThatThrownBy(() -> client.models().retrieve("nope"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void upstreamRateLimitIsTheSdksRateLimitException() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "7")
                    .withHeader("content-type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")));

    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("gpt-4o")
                            .addUserMessage("Hi")
                            .build()))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(429);
              assertThat(e.headers().values("retry-after")).containsExactly("7");
              assertThat(e.code()).contains("rate_limit_exceeded");
            });
    // the SDK did not retry: exactly one upstream call
    wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void otherErrorTypes() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build();
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOf(UnauthorizedException.class);

    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error\":{\"message\":\"bad temperature\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":null}}")));
    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOfSatisfying(
            BadRequestException.class, e -> assertThat(e.param()).contains("temperature"));

    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
    assertThatThrownBy(() -> client.chat().completions().create(params))
        .isInstanceOf(InternalServerException.class);

    assertThatThrownBy(
            () ->
                client
                    .chat()
                    .completions()
                    .create(params.toBuilder().model("no-such-group").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
  }

  @Test
  void failureMidStreamIsAnSseException() {
    String sse =
        chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null)
            + "data: {\"error\":{\"message\":\"upstream died\",\"type\":\"server_error\",\"code\":null}}\n\n";
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(sse)));

    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> s =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("Hi")
                    .build())) {
      assertThatThrownBy(
              () ->
                  s.stream()
                      .forEach(
                          c ->
                              c.choices()
                                  .forEach(ch -> text.append(ch.delta().content().orElse("")))))
          .isInstanceOf(SseException.class)
          .hasMessageContaining("upstream died");
    }
    assertThat(text.toString()).isEqualTo("Hel");
  }

  @Test
  void unsupportedEndpointIsABadRequestWithoutPassThrough() {
    assertThatThrownBy(() -> client.files().list())
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.code()).contains("unsupported_endpoint");
              assertThat(e.getMessage()).contains("GET /files");
            });
  }

  static final String RESPONSE_JSON =
      "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1700000000,"
          + "\"status\":\"completed\",\"model\":\"gpt-4o-2024-08-06\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\","
          + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello from responses\","
          + "\"annotations\":[]}]}],\"usage\":{\"input_tokens\":5,\"output_tokens\":3,\"total_tokens\":8}}";

  static String responsesSse(String... events) {
    StringBuilder sb = new StringBuilder();
    for (String e : events) {
      String type =
          e.substring(e.indexOf("\"type\":\"") + 8, e.indexOf('"', e.indexOf("\"type\":\"") + 8));
      sb.append("event: ").append(type).append("\ndata: ").append(e).append("\n\n");
    }
    return sb.toString();
  }

  static final String CREATED =
      "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_2\","
          + "\"object\":\"response\",\"created_at\":1700000000,\"status\":\"in_progress\",\"model\":\"gpt-4o-2024-08-06\",\"output\":[]}}";

  static String delta(int seq, String text) {
    return "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
        + seq
        + ",\"item_id\":\"msg_2\","
        + "\"output_index\":0,\"content_index\":0,\"delta\":\""
        + text
        + "\"}";
  }

  @Test
  void responsesCreate() {
    wm.stubFor(
        post("/v1/responses")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(RESPONSE_JSON)));

    var raw =
        client
            .responses()
            .withRawResponse()
            .create(
                ResponseCreateParams.builder()
                    .model("gpt-4o")
                    .input("Hi")
                    .instructions("Be brief")
                    .putAdditionalHeader("x-llmux-request-id", "r-42")
                    .build());
    assertThat(raw.headers().values("x-request-id")).containsExactly("r-42");
    assertThat(raw.headers().values("x-llmux-deployment")).hasSize(1);
    Response r = raw.parse();
    assertThat(r.output().get(0).asMessage().content().get(0).asOutputText().text())
        .isEqualTo("Hello from responses");
    assertThat(r.usage().orElseThrow().totalTokens()).isEqualTo(8);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/responses"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-2024-08-06")))
            .withRequestBody(matchingJsonPath("$.input", equalTo("Hi")))
            .withRequestBody(matchingJsonPath("$.instructions", equalTo("Be brief")))
            .withRequestBody(matchingJsonPath("$.store", equalTo("false"))));
  }

  @Test
  void responsesCreateStreaming() {
    String completed =
        "{\"type\":\"response.completed\",\"sequence_number\":3,\"response\":"
            + RESPONSE_JSON.replace("resp_1", "resp_2")
            + "}";
    wm.stubFor(
        post("/v1/responses")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(responsesSse(CREATED, delta(1, "Hel"), delta(2, "lo"), completed))));

    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s =
        client
            .responses()
            .createStreaming(ResponseCreateParams.builder().model("gpt-4o").input("Hi").build())) {
      s.stream().forEach(events::add);
    }
    assertThat(events).hasSize(4);
    assertThat(events.get(0).isCreated()).isTrue();
    assertThat(events.get(0).asCreated().response().id()).isEqualTo("resp_2");
    assertThat(
            events.get(1).asOutputTextDelta().delta() + events.get(2).asOutputTextDelta().delta())
        .isEqualTo("Hello");
    assertThat(events.get(3).isCompleted()).isTrue();
    assertThat(events.get(3).asCompleted().sequenceNumber()).isEqualTo(3);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/responses"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-2024-08-06")))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
  }

  @Test
  void aResponsesStreamFailureIsTheResponsesErrorEvent() {
    String upstreamError =
        "{\"type\":\"error\",\"sequence_number\":2,\"code\":\"server_error\","
            + "\"message\":\"upstream died\",\"param\":null}";
    wm.stubFor(
        post("/v1/responses")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(responsesSse(CREATED, delta(1, "Hel"), upstreamError))));

    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s =
        client
            .responses()
            .createStreaming(ResponseCreateParams.builder().model("gpt-4o").input("Hi").build())) {
      s.stream().forEach(events::add);
    }
    assertThat(events).hasSize(3);
    ResponseStreamEvent last = events.get(2);
    assertThat(last.isError()).isTrue();
    assertThat(last.asError().message()).contains("upstream died");
    assertThat(last.asError().sequenceNumber()).isEqualTo(2);
  }

  @Test
  void responsesErrorsAreTheSdksExceptions() {
    wm.stubFor(
        post("/v1/responses")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "7")
                    .withHeader("content-type", "application/json")
                    .withBody(
                        "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,"
                            + "\"code\":\"rate_limit_exceeded\"}}")));
    ResponseCreateParams params =
        ResponseCreateParams.builder().model("gpt-4o").input("Hi").build();
    assertThatThrownBy(() -> client.responses().create(params))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> assertThat(e.headers().values("retry-after")).containsExactly("7"));
    assertThatThrownBy(() -> client.responses().createStreaming(params).stream().count())
        .isInstanceOf(RateLimitException.class);
    assertThatThrownBy(
            () -> client.responses().create(params.toBuilder().model("no-such-group").build()))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    assertThatThrownBy(() -> client.responses().create(params.toBuilder().store(true).build()))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void legacyCompletions() {
    wm.stubFor(
        post("/v1/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "application/json")
                    .withBody(
                        "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1700000000,"
                            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"text\":\" there\",\"logprobs\":null,"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}")));

    Completion c =
        client
            .completions()
            .create(
                CompletionCreateParams.builder()
                    .model("gpt-4o")
                    .prompt("Hello")
                    .maxTokens(5)
                    .echo(true)
                    .build());
    assertThat(c.choices().get(0).text()).isEqualTo(" there");
    assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(2);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-upstream"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-2024-08-06")))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo("Hello")))
            .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("5")))
            .withRequestBody(matchingJsonPath("$.echo", equalTo("true"))));
    // Streamed legacy completions: the upstream's text_completion SSE chunks, relayed in order.
    wm.stubFor(
        post("/v1/completions")
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("content-type", "text/event-stream")
                    .withBody(
                        "data: {\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1700000000,"
                            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"text\":\" th\","
                            + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                            + "data: {\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"created\":1700000000,"
                            + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"text\":\"ere\","
                            + "\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
                            + "data: [DONE]\n\n")));
    try (StreamResponse<Completion> stream =
        client
            .completions()
            .createStreaming(
                CompletionCreateParams.builder().model("gpt-4o").prompt("Hello").build())) {
      String text =
          stream.stream().map(chunk -> chunk.choices().get(0).text()).collect(Collectors.joining());
      assertThat(text).isEqualTo(" there");
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/completions"))
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-2024-08-06")))
            .withRequestBody(matchingJsonPath("$.prompt", equalTo("Hello"))));
  }
}
