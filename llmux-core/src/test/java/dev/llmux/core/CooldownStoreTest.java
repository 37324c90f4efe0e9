package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.spi.CooldownStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The cooldown store hook: routers given one store see each other's cooldowns; by default they do
 * not.
 */
class CooldownStoreTest {
  private final FakeTime time = new FakeTime();

  private LlmRouter router(CooldownStore store) {
    LlmRouter.Builder b =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(new ScriptedProvider("p"))
            .deployment(Deployment.builder("g", "p").id("d1").model("m1").build())
            .deployment(Deployment.builder("g", "p").id("d2").model("m2").build());
    if (store != null) {
      b.cooldownStore(store);
    }
    return b.build();
  }

  @Test
  void aCooldownInASharedStoreHoldsOnEveryRouterUntilItEnds() {
    CooldownStore shared = CooldownStore.inMemory();
    try (LlmRouter a = router(shared);
        LlmRouter b = router(shared)) {
      a.control().coolDown("d1", Duration.ofSeconds(30), "test");
      assertThat(b.control().deploymentState("d1").orElseThrow().healthy()).isFalse();
      assertThat(b.control().deploymentState("d1").orElseThrow().cooldownReason())
          .isEqualTo("test");
      for (int i = 0; i < 10; i++) {
        assertThat(
                b.chat(
                        dev.llmux.api.chat.ChatCompletionRequest.of(
                            "g", dev.llmux.api.chat.ChatMessage.user("hi")))
                    .deploymentId())
            .isEqualTo("d2");
      }
      time.advance(Duration.ofSeconds(30));
      assertThat(b.control().deploymentState("d1").orElseThrow().healthy()).isTrue();
      a.control().coolDown("d1", Duration.ofSeconds(30), "again");
      b.control().restore("d1");
      assertThat(a.control().deploymentState("d1").orElseThrow().healthy()).isTrue();
    }
  }

  @Test
  void routersBuiltWithoutAStoreKeepTheirOwnCooldowns() {
    LlmRouter.Builder builder =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(new ScriptedProvider("p"))
            .deployment(Deployment.builder("g", "p").id("d1").model("m1").build());
    try (LlmRouter a = builder.build();
        LlmRouter b = builder.build()) {
      a.control().coolDown("d1", Duration.ofSeconds(30), "test");
      assertThat(a.control().deploymentState("d1").orElseThrow().healthy()).isFalse();
      assertThat(b.control().deploymentState("d1").orElseThrow().healthy()).isTrue();
    }
  }
}
