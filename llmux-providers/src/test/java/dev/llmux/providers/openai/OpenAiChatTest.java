package dev.llmux.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmux.providers.openai.Fixtures.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiChatTest extends WireMockSupport {

  @Test
  void chatSendsTheRequestAndParsesTheCompletion() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("gpt-4o")
            .addMessage(ChatMessage.system("You are a helpful assistant."))
            .addMessage(ChatMessage.user("Hello!"))
            .temperature(0.2)
            .maxCompletionTokens(100)
            .build();

    ChatCompletionResponse response = openAi().chat(request, OPTIONS);

    assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    assertThat(response.object()).isEqualTo("chat.completion");
    assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(response.text()).isEqualTo("Hello! How can I assist you today?");
    assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
    assertThat(response.usage().promptTokens()).isEqualTo(19);
    assertThat(response.usage().completionTokens()).isEqualTo(10);
    assertThat(response.usage().totalTokens()).isEqualTo(29);
    assertThat(response.systemFingerprint()).isEqualTo("fp_fc9f1d7035");
    assertThat(response.serviceTier()).isEqualTo("default");

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("OpenAI-Organization", absent())
            .withRequestBody(
                equalToJson(
                    """
            {"model":"gpt-4o",
             "messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Hello!"}],
             "temperature":0.2,
             "max_completion_tokens":100}
            """)));
  }

  @Test
  void unknownRequestFieldsReachTheUpstreamUntouched() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("gpt-4o")
            .addMessage(ChatMessage.user("hi"))
            .extra("foo_bar", Map.of("x", 1))
            .extra("prediction", Map.of("type", "content", "content", "abc"))
            .build();

    openAi().chat(request, OPTIONS);

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    """
        {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],
         "foo_bar":{"x":1},"prediction":{"type":"content","content":"abc"}}
        """)));
  }

  @Test
  void nonStreamedChatDropsStreamFlags() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder().model("gpt-4o").addMessage(ChatMessage.user("hi")).stream(
                true)
            .streamOptions(StreamOptions.withUsage())
            .build();

    openAi().chat(request, OPTIONS);

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
  }

  @Test
  void toolCallsAreParsed() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(Fixtures.TOOL_CALL_COMPLETION)));
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model("gpt-4o-mini")
            .addMessage(ChatMessage.user("What's the weather like in Boston today?"))
            .tools(
                List.of(
                    Tool.function(
                        "get_current_weather",
                        "Get the current weather",
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of("location", Map.of("type", "string")),
                            "required",
                            List.of("location")))))
            .toolChoice(ToolChoice.AUTO)
            .build();

    ChatCompletionResponse response = openAi().chat(request, OPTIONS);

    assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
    assertThat(response.choices().get(0).message().toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.id()).isEqualTo("call_abc123");
              assertThat(call.function().name()).isEqualTo("get_current_weather");
              assertThat(call.function().arguments()).contains("Boston, MA");
            });
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    """
        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"What's the weather like in Boston today?"}],
         "tools":[{"type":"function","function":{"name":"get_current_weather","description":"Get the current weather",
           "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}],
         "tool_choice":"auto"}
        """)));
  }

  @Test
  void headersFromSettingsAndCallOptions() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    Provider provider =
        openAi(
            Map.of(
                "organization",
                "org-123",
                "project",
                "proj_abc",
                "headers",
                Map.of("X-Team", "search", "X-Override", "settings")));
    CallOptions options =
        new CallOptions(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Map.of("X-Override", "call", "X-Trace", "t-1"),
            "req-9");

    provider.chat(ChatCompletionRequest.of("gpt-4o", ChatMessage.user("hi")), options);

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withHeader("OpenAI-Organization", equalTo("org-123"))
            .withHeader("OpenAI-Project", equalTo("proj_abc"))
            .withHeader("X-Team", equalTo("search"))
            .withHeader("X-Override", equalTo("call"))
            .withHeader("X-Trace", equalTo("t-1")));
  }

  @Test
  void noAuthorizationWithoutKey() {
    wm.stubFor(post("/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    Provider provider =
        new OpenAiProviderFactory()
            .create(ProviderConfig.of("keyless", "openai", null, wm.baseUrl() + "/v1/"));

    provider.chat(ChatCompletionRequest.of("gpt-4o", ChatMessage.user("hi")), OPTIONS);

    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", absent()));
  }

  @Test
  void embeddings() {
    wm.stubFor(post("/v1/embeddings").willReturn(okJson(Fixtures.EMBEDDINGS)));
    EmbeddingRequest request =
        new EmbeddingRequest(
            "text-embedding-3-small",
            List.of("The food was delicious", "and the waiter..."),
            "float",
            3,
            "user-1",
            null);

    EmbeddingResponse response = openAi().embed(request, OPTIONS);

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).vector())
        .containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f);
    assertThat(response.data().get(1).index()).isEqualTo(1);
    assertThat(response.model()).isEqualTo("text-embedding-3-small");
    assertThat(response.usage().promptTokens()).isEqualTo(8);
    assertThat(response.usage().totalTokens()).isEqualTo(8);
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/embeddings"))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withRequestBody(
                equalToJson(
                    """
            {"model":"text-embedding-3-small","input":["The food was delicious","and the waiter..."],
             "encoding_format":"float","dimensions":3,"user":"user-1"}
            """)));
  }

  @Test
  void listModels() {
    wm.stubFor(get("/v1/models").willReturn(okJson(Fixtures.MODELS)));

    ModelList models = openAi(Map.of("project", "proj_abc")).listModels(OPTIONS);

    assertThat(models.object()).isEqualTo("list");
    assertThat(models.data())
        .extracting(m -> m.id())
        .containsExactly("gpt-4o", "text-embedding-3-small");
    assertThat(models.data().get(0).ownedBy()).isEqualTo("system");
    assertThat(models.data().get(0).created()).isEqualTo(1715367049L);
    wm.verify(
        getRequestedFor(urlEqualTo("/v1/models"))
            .withHeader("Authorization", equalTo("Bearer sk-test"))
            .withHeader("OpenAI-Project", equalTo("proj_abc")));
  }

  @Test
  void connectionsAreReused() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.CHAT_COMPLETION)));
    Provider provider = openAi();
    for (int i = 0; i < 20; i++) {
      assertThat(
              provider
                  .chat(ChatCompletionRequest.of("gpt-4o", ChatMessage.user("hi " + i)), OPTIONS)
                  .text())
          .startsWith("Hello!");
    }
  }
}
