package dev.llmux.vertex;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vertex_ai} configured from YAML in both shapes, inside a real router. */
class VertexRouterTest extends VertexTestSupport {

  static final String GEMINI_ANSWER =
      """
      {"candidates":[{"content":{"parts":[{"text":"hi"}],"role":"model"},"finishReason":"STOP"}],
       "usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":1,"totalTokenCount":3},
       "modelVersion":"gemini-2.5-pro","responseId":"vx-9"}""";

  static final String CLAUDE_ANSWER =
      """
      {"id":"msg_vrtx_1","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
       "content":[{"type":"text","text":"hello"}],"stop_reason":"end_turn","stop_sequence":null,
       "usage":{"input_tokens":2,"output_tokens":1}}""";

  @BeforeEach
  void token() {
    wm.stubFor(post("/token").willReturn(okJson(tokenAnswer("ya29.yaml", 3600))));
  }

  @Test
  void litellmShapeGeminiAndClaude() {
    String europe = "/v1/projects/" + PROJECT + "/locations/europe-west4";
    wm.stubFor(
        post(europe + "/publishers/google/models/gemini-2.5-pro:generateContent")
            .willReturn(okJson(GEMINI_ANSWER)));
    wm.stubFor(
        post(europe + "/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict")
            .willReturn(okJson(CLAUDE_ANSWER)));
    RouterConfig c =
        ConfigLoader.parse(
            """
            model_list:
              - model_name: gemini
                litellm_params:
                  model: vertex_ai/gemini-2.5-pro
                  vertex_project: %1$s
                  vertex_location: europe-west4
                  vertex_credentials: os.environ/GOOGLE_CREDENTIALS
                  api_base: %2$s
              - model_name: claude
                litellm_params:
                  model: vertex_ai/claude-sonnet-4@20250514
                  vertex_project: %1$s
                  vertex_location: europe-west4
                  vertex_credentials: os.environ/GOOGLE_CREDENTIALS
                  api_base: %2$s
            """
                .formatted(PROJECT, wm.baseUrl()),
            "litellm.yaml",
            Set.of(),
            Map.of("GOOGLE_CREDENTIALS", serviceAccountJson()));
    ProviderConfig p = c.provider("gemini#1");
    assertThat(p.type()).isEqualTo("vertex_ai");
    assertThat(p.settings())
        .containsEntry("project", PROJECT)
        .containsEntry("location", "europe-west4")
        .containsEntry("credentials", serviceAccountJson());
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      assertThat(
              router
                  .chat(ChatCompletionRequest.of("gemini", ChatMessage.user("Hi")))
                  .response()
                  .text())
          .isEqualTo("hi");
      assertThat(
              router
                  .chat(ChatCompletionRequest.of("claude", ChatMessage.user("Hi")))
                  .response()
                  .text())
          .isEqualTo("hello");
    }
    wm.verify(
        postRequestedFor(
                urlEqualTo(europe + "/publishers/google/models/gemini-2.5-pro:generateContent"))
            .withHeader("Authorization", equalTo("Bearer ya29.yaml")));
    wm.verify(
        postRequestedFor(
                urlEqualTo(
                    europe + "/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"))
            .withHeader("Authorization", equalTo("Bearer ya29.yaml")));
  }

  @Test
  void llmuxShape(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("sa.json");
    Files.writeString(key, serviceAccountJson());
    wm.stubFor(
        post(LOCATION_PATH + "/publishers/google/models/gemini-2.5-pro:generateContent")
            .willReturn(okJson(GEMINI_ANSWER)));
    RouterConfig c =
        ConfigLoader.parse(
            """
            providers:
              - name: gcp
                type: vertex_ai
                base_url: %s
                project: %s
                credentials: %s
                headers: {X-Team: search}
                models:
                  - {name: pro, model: gemini-2.5-pro}
            """
                .formatted(wm.baseUrl(), PROJECT, key),
            "llmux.yaml",
            Set.of(),
            Map.of());
    try (LlmRouter router = LlmRouter.builder().config(c).build()) {
      router.chat(ChatCompletionRequest.of("pro", ChatMessage.user("Hi")));
    }
    wm.verify(
        postRequestedFor(
                urlEqualTo(
                    LOCATION_PATH + "/publishers/google/models/gemini-2.5-pro:generateContent"))
            .withHeader("Authorization", equalTo("Bearer ya29.yaml"))
            .withHeader("X-Team", equalTo("search")));
  }
}
