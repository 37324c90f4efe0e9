package dev.llmux.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.anthropic.AnthropicProviderFactory;
import dev.llmux.providers.gemini.GeminiProviderFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The anthropic and gemini streams honour the first-chunk timeout like the OpenAI stream. */
class TranslatingStreamTimeoutTest extends WireMockTestBase {

  static Provider provider(String type) {
    ProviderConfig c = new ProviderConfig("p", type, "k", wm.baseUrl(), Map.of());
    return type.equals("anthropic")
        ? new AnthropicProviderFactory().create(c)
        : new GeminiProviderFactory().create(c);
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "gemini"})
  void firstChunkTimeout(String type) {
    wm.stubFor(
        post(urlPathMatching("/.*"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(3000)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody("data: {}\n\n")));
    CallOptions options =
        new CallOptions(
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(300), Map.of(), null);
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                drain(
                    provider(type)
                        .streamChat(ChatCompletionRequest.of("m", ChatMessage.user("x")), options)))
        .isInstanceOf(LlmTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
  }
}
