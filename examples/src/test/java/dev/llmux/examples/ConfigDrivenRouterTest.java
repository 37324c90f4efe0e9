package dev.llmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.core.ChatStream;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import dev.llmux.core.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML configuration (both shapes) drives the real providers found by ServiceLoader. */
class ConfigDrivenRouterTest {

  @Test
  void demoConfigRunsWithoutApiKeys(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("llmux-demo.yaml");
    Files.copy(Objects.requireNonNull(getClass().getResourceAsStream("/llmux-demo.yaml")), file);
    try (LlmRouter router =
        LlmRouter.builder()
            .config(ConfigLoader.parse(Files.readString(file), file.toString(), Set.of(), Map.of()))
            .build()) {
      for (int i = 0; i < 20; i++) {
        RouteResult<?> r =
            router.chat(ChatCompletionRequest.of("fast", ChatMessage.user("ping " + i)));
        assertThat(r.deploymentId()).startsWith("mock-");
      }
      assertThat(
              router.chat(ChatCompletionRequest.of("chat", ChatMessage.user("ping 0"))).cacheHit())
          .isTrue();
      StringBuilder text = new StringBuilder();
      try (ChatStream s =
          router.stream(ChatCompletionRequest.of("chat", ChatMessage.user("stream me")))) {
        for (ChatCompletionChunk c : s) {
          c.choices()
              .forEach(ch -> text.append(ch.delta().content() == null ? "" : ch.delta().content()));
        }
      }
      assertThat(text.toString()).isIn("Echo: stream me", "A flaky answer that got through.");
    }
  }

  @Test
  void liteLlmModelListWithTheMockPrefix() {
    String yaml =
        """
        model_list:
          - model_name: gpt-4o
            litellm_params: {model: mock/primary, rpm: 100}
            model_info: {id: mock-primary}
          - model_name: gpt-4o
            litellm_params: {model: mock/secondary, rpm: 300}
          - model_name: claude
            litellm_params: {model: mock/claude-standin}
        router_settings:
          routing_strategy: simple-shuffle
          num_retries: 1
          fallbacks: [{gpt-4o: [claude]}]
          model_group_alias: {smart: gpt-4o}
        """;
    try (LlmRouter router =
        LlmRouter.builder()
            .config(ConfigLoader.parse(yaml, "litellm.yaml", Set.of(), Map.of()))
            .build()) {
      RouteResult<?> r = router.chat(ChatCompletionRequest.of("smart", ChatMessage.user("hi")));
      assertThat(r.modelGroup()).isEqualTo("gpt-4o");
      assertThat(r.deploymentId()).isIn("mock-primary", "gpt-4o#2");
      assertThat(router.models().data())
          .extracting(m -> m.id())
          .containsExactly("gpt-4o", "claude", "smart");
    }
  }
}
