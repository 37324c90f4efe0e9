package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A stream that fails after its first chunk counts as a health failure of its deployment, as a
 * failed non-streamed call does (issue 18, item 6). Before, such a deployment stayed healthy and
 * kept getting a share of the streams, every one of which broke.
 */
class MidStreamCooldownTest {

  @Test
  void aDeploymentThatCutsEveryStreamCoolsDownAndStreamsGoToTheHealthyOne() {
    FakeTime time = new FakeTime();
    ScriptedProvider p = new ScriptedProvider("p");
    for (int i = 0; i < 30; i++) {
      // two events, then the connection drops
      p.streamScript(
          "cut",
          new ScriptedProvider.StreamScript(
              List.of("a", "b"), false, new ConnectionException("connection reset", null)));
    }
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .random(new SplittableRandom(7))
            .provider(p)
            .deployment(Deployment.builder("g", "p").model("cut").id("cutting").build())
            .deployment(Deployment.builder("g", "p").model("fine").id("healthy").build())
            .retry(RetryConfig.custom().numRetries(0).build())
            .cooldown(
                CooldownConfig.custom()
                    .allowedFails(3)
                    .cooldownTime(Duration.ofMinutes(5))
                    .failureWindow(Duration.ofMinutes(1))
                    .build())
            .build()) {
      ChatCompletionRequest req = ChatCompletionRequest.of("g", ChatMessage.user("Hi"));
      List<Boolean> broke = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        boolean failed = false;
        try (ChatStream s = router.stream(req)) {
          while (s.hasNext()) {
            ChatCompletionChunk unused = s.next();
          }
        } catch (LlmException e) {
          failed = true;
        }
        broke.add(failed);
        time.advance(Duration.ofSeconds(1));
      }
      assertThat(broke.subList(0, 10)).contains(true); // the cutting deployment was used
      assertThat(broke.subList(10, 30)).as("the last 20 of 30 streams").doesNotContain(true);
      assertThat(router.control().deploymentState("cutting").orElseThrow().healthy()).isFalse();
      assertThat(router.control().deploymentState("healthy").orElseThrow().healthy()).isTrue();
    }
  }
}
