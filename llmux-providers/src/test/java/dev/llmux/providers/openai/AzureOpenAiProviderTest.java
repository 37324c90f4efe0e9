package dev.llmux.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.llmux.providers.openai.Fixtures.OPTIONS;
import static dev.llmux.providers.openai.Fixtures.ROLE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.STOP_CHUNK;
import static dev.llmux.providers.openai.Fixtures.USAGE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.content;
import static dev.llmux.providers.openai.Fixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.ContentPolicyException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureOpenAiProviderTest extends WireMockSupport {
  private static final String CHAT_PATH = "/openai/deployments/my-gpt4o/chat/completions";
  private static final ChatCompletionRequest REQUEST =
      ChatCompletionRequest.of("my-gpt4o", ChatMessage.user("Hello"));

  private static Provider azure(Map<String, Object> settings) {
    return new AzureOpenAiProviderFactory()
        .create(new ProviderConfig("azure-east", "azure", "azure-key-1", wm.baseUrl(), settings));
  }

  @Test
  void chatUsesTheDeploymentUrlApiVersionAndApiKey() {
    wm.stubFor(post(urlPathEqualTo(CHAT_PATH)).willReturn(okJson(Fixtures.CHAT_COMPLETION)));

    ChatCompletionResponse response = azure(Map.of()).chat(REQUEST, OPTIONS);

    assertThat(response.text()).isEqualTo("Hello! How can I assist you today?");
    wm.verify(
        postRequestedFor(urlEqualTo(CHAT_PATH + "?api-version=2024-10-21"))
            .withHeader("api-key", equalTo("azure-key-1"))
            .withHeader("Authorization", absent())
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"my-gpt4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
  }

  @Test
  void apiVersionAndHeadersSettings() {
    wm.stubFor(
        post(urlPathEqualTo("/openai/deployments/emb-small/embeddings"))
            .willReturn(okJson(Fixtures.EMBEDDINGS)));

    azure(Map.of("api_version", "2025-01-01-preview", "headers", Map.of("x-ms-useragent", "llmux")))
        .embed(EmbeddingRequest.of("emb-small", "hello"), OPTIONS);

    wm.verify(
        postRequestedFor(
                urlEqualTo(
                    "/openai/deployments/emb-small/embeddings?api-version=2025-01-01-preview"))
            .withHeader("api-key", equalTo("azure-key-1"))
            .withHeader("x-ms-useragent", equalTo("llmux"))
            .withRequestBody(equalToJson("{\"model\":\"emb-small\",\"input\":\"hello\"}")));
  }

  @Test
  void deploymentNamesAreEncoded() {
    wm.stubFor(
        post(urlPathEqualTo("/openai/deployments/a%20b/chat/completions"))
            .willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    azure(Map.of()).chat(ChatCompletionRequest.of("a b", ChatMessage.user("x")), OPTIONS);
    wm.verify(
        postRequestedFor(
            urlEqualTo("/openai/deployments/a%20b/chat/completions?api-version=2024-10-21")));
  }

  @Test
  void stream() {
    wm.stubFor(
        post(urlPathEqualTo(CHAT_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    // Azure first sends a chunk with empty choices carrying prompt_filter_results.
                    .withBody(
                        sse(
                            "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                                + "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}}]}",
                            ROLE_CHUNK,
                            content("Hi"),
                            STOP_CHUNK,
                            USAGE_CHUNK,
                            "[DONE]"))));

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (ChunkStream stream = azure(Map.of()).streamChat(REQUEST, OPTIONS)) {
      stream.forEachRemaining(chunks::add);
    }

    assertThat(chunks).hasSize(5);
    assertThat(chunks.get(0).extra()).containsKey("prompt_filter_results");
    assertThat(chunks.get(4).usage().totalTokens()).isEqualTo(11);
    wm.verify(
        postRequestedFor(urlEqualTo(CHAT_PATH + "?api-version=2024-10-21"))
            .withHeader("api-key", equalTo("azure-key-1"))
            .withRequestBody(
                equalToJson(
                    """
            {"model":"my-gpt4o","messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}
            """)));
  }

  @Test
  void rateLimit() {
    wm.stubFor(
        post(urlPathEqualTo(CHAT_PATH))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "3")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 3 seconds.\"}}")));
    assertThatThrownBy(() -> azure(Map.of()).chat(REQUEST, OPTIONS))
        .isInstanceOfSatisfying(
            RateLimitException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
              assertThat(e.getMessage()).contains("exceeded token rate limit");
            });
  }

  @Test
  void contentFilter400() {
    wm.stubFor(
        post(urlPathEqualTo(CHAT_PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
             "type":null,"param":"prompt","code":"content_filter","status":400,
             "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{
               "hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},
               "sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"medium"}}}}}
            """)));
    assertThatThrownBy(() -> azure(Map.of()).chat(REQUEST, OPTIONS))
        .isInstanceOf(ContentPolicyException.class)
        .hasMessageContaining("content management policy");
  }

  @Test
  void contentFilterFinishReasonIsANormalResponse() {
    wm.stubFor(
        post(urlPathEqualTo(CHAT_PATH))
            .willReturn(
                okJson(
                    """
        {"id":"chatcmpl-9","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"finish_reason":"content_filter","message":{"role":"assistant","content":null},
           "content_filter_results":{"violence":{"filtered":true,"severity":"medium"}}}],
         "usage":{"prompt_tokens":10,"completion_tokens":0,"total_tokens":10}}
        """)));
    ChatCompletionResponse response = azure(Map.of()).chat(REQUEST, OPTIONS);
    assertThat(response.choices().get(0).finishReason()).isEqualTo("content_filter");
    assertThat(response.choices().get(0).extra()).containsKey("content_filter_results");
  }

  @Test
  void modelListingIsEmpty() {
    assertThat(azure(Map.of()).listModels(OPTIONS).data()).isEmpty();
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
