package dev.llmux.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.core.LlmRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** anthropic and gemini providers built from a YAML configuration file, with their settings. */
class TranslatingProvidersConfigTest extends WireMockTestBase {

  @Test
  void yamlSettingsReachTheWire(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("llmux.yaml");
    Files.writeString(
        file,
        """
        providers:
          - name: claude
            type: anthropic
            api_key: sk-ant
            base_url: %1$s
            anthropic_version: "2023-06-01"
            anthropic_beta: [prompt-caching-2024-07-31, output-128k-2025-02-19]
            headers: {X-Team: search}
            models:
              - {name: smart, model: claude-sonnet-4-5}
          - name: google
            type: gemini
            api_key: AIza
            base_url: %1$s
            api_version: v1
            models:
              - {name: fast, model: gemini-2.0-flash}
        """
            .formatted(wm.baseUrl()));
    wm.stubFor(
        post("/v1/messages")
            .willReturn(
                okJson(
                    """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"hi"}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""")));
    wm.stubFor(
        post("/v1/models/gemini-2.0-flash:generateContent")
            .willReturn(
                okJson(
                    """
        {"candidates":[{"content":{"role":"model","parts":[{"text":"hi"}]},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2}}""")));
    try (LlmRouter router = LlmRouter.fromConfig(file)) {
      assertThat(
              router
                  .chat(ChatCompletionRequest.of("smart", ChatMessage.user("x")))
                  .response()
                  .text())
          .isEqualTo("hi");
      assertThat(
              router
                  .chat(ChatCompletionRequest.of("fast", ChatMessage.user("x")))
                  .response()
                  .text())
          .isEqualTo("hi");
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/messages"))
            .withHeader("x-api-key", equalTo("sk-ant"))
            .withHeader("anthropic-version", equalTo("2023-06-01"))
            .withHeader(
                "anthropic-beta", equalTo("prompt-caching-2024-07-31,output-128k-2025-02-19"))
            .withHeader("X-Team", equalTo("search")));
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/models/gemini-2.0-flash:generateContent"))
            .withHeader("x-goog-api-key", equalTo("AIza")));
  }
}
