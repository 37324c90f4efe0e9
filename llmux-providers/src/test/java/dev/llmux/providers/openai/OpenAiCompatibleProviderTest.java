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
import static dev.llmux.providers.openai.Fixtures.ROLE_CHUNK;
import static dev.llmux.providers.openai.Fixtures.STOP_CHUNK;
import static dev.llmux.providers.openai.Fixtures.content;
import static dev.llmux.providers.openai.Fixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.ContentPolicyException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest extends WireMockSupport {
  private static final ChatCompletionRequest REQUEST =
      ChatCompletionRequest.of("meta-llama/Llama-3.1-8B-Instruct", ChatMessage.user("Hello"));

  private static Provider vllm(String apiKey) {
    return new OpenAiCompatibleProviderFactory()
        .create(
            new ProviderConfig(
                "local-vllm", "openai-compatible", apiKey, wm.baseUrl() + "/vllm/v1", Map.of()));
  }

  @Test
  void chatUnderTheConfiguredBaseUrlWithoutKey() {
    wm.stubFor(post("/vllm/v1/chat/completions").willReturn(okJson(Fixtures.CHAT_COMPLETION)));
    assertThat(vllm(null).chat(REQUEST, OPTIONS).text()).startsWith("Hello!");
    wm.verify(
        postRequestedFor(urlEqualTo("/vllm/v1/chat/completions"))
            .withHeader("Authorization", absent())
            .withRequestBody(
                equalToJson(
                    "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));
  }

  @Test
  void bearerKeyAndModels() {
    wm.stubFor(get("/vllm/v1/models").willReturn(okJson(Fixtures.MODELS)));
    assertThat(vllm("token-abc").listModels(OPTIONS).data()).hasSize(2);
    wm.verify(
        getRequestedFor(urlEqualTo("/vllm/v1/models"))
            .withHeader("Authorization", equalTo("Bearer token-abc")));
  }

  @Test
  void stream() {
    wm.stubFor(
        post("/vllm/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(sse(ROLE_CHUNK, content("Hi"), STOP_CHUNK, "[DONE]"))));
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (ChunkStream stream = vllm(null).streamChat(REQUEST, OPTIONS)) {
      stream.forEachRemaining(chunks::add);
    }
    assertThat(chunks).hasSize(3);
    wm.verify(
        postRequestedFor(urlEqualTo("/vllm/v1/chat/completions"))
            .withRequestBody(
                equalToJson(
                    """
        {"model":"meta-llama/Llama-3.1-8B-Instruct","messages":[{"role":"user","content":"Hello"}],
         "stream":true,"stream_options":{"include_usage":true}}
        """)));
  }

  @Test
  void rateLimit() {
    wm.stubFor(
        post("/vllm/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "1")
                    .withBody(
                        "{\"object\":\"error\",\"message\":\"Too many requests\",\"type\":\"RateLimitError\",\"param\":null,\"code\":429}")));
    assertThatThrownBy(() -> vllm(null).chat(REQUEST, OPTIONS))
        .isInstanceOf(RateLimitException.class)
        .hasMessage("Too many requests");
  }

  @Test
  void contentFilterAndContextWindowInVllmShape() {
    wm.stubFor(
        post("/vllm/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"object\":\"error\",\"message\":\"blocked\",\"type\":\"BadRequestError\",\"param\":null,\"code\":\"content_filter\"}")));
    assertThatThrownBy(() -> vllm(null).chat(REQUEST, OPTIONS))
        .isInstanceOf(ContentPolicyException.class);

    wm.stubFor(
        post("/vllm/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"object\":\"error\",\"message\":\"This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.\","
                            + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}")));
    assertThatThrownBy(() -> vllm(null).chat(REQUEST, OPTIONS))
        .isInstanceOf(ContextWindowExceededException.class);
  }
}
