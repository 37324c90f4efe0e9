package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * How {@link LlmRouter.Builder} combines the config objects, the convenience setters and
 * config(..).
 */
class BuilderSettingsTest {
  private final FakeTime time = new FakeTime();

  private static final RoutingStrategy ALWAYS_LAST = new LastCandidateStrategy();

  private LlmRouter.Builder base(ScriptedProvider p) {
    return LlmRouter.builder()
        .clock(time)
        .ticker(time)
        .sleeper(time)
        .random(new SplittableRandom(1))
        .provider(p)
        .deployment(Deployment.builder("g", "p").model("a").id("a").build())
        .deployment(Deployment.builder("g", "p").model("b").id("b").build());
  }

  private static ChatCompletionRequest req(String model) {
    return ChatCompletionRequest.of(model, ChatMessage.user("hi"));
  }

  @Test
  void theLastOfStrategyAndRoutingDecidesTheStrategy() {
    RoutingConfig roundRobin = RoutingConfig.custom().strategy("round-robin").build();
    try (LlmRouter r =
        base(new ScriptedProvider("p")).strategy(ALWAYS_LAST).routing(roundRobin).build()) {
      assertThat(List.of(r.chat(req("g")).deploymentId(), r.chat(req("g")).deploymentId()))
          .containsExactlyInAnyOrder("a", "b");
    }
    try (LlmRouter r =
        base(new ScriptedProvider("p")).routing(roundRobin).strategy(ALWAYS_LAST).build()) {
      assertThat(List.of(r.chat(req("g")).deploymentId(), r.chat(req("g")).deploymentId()))
          .containsExactly("b", "b");
    }
    // strategy(String) keeps the other routing settings
    try (LlmRouter r =
        base(new ScriptedProvider("p"))
            .routing(RoutingConfig.custom().enforceDeploymentLimits(false).build())
            .registerStrategy("always-last", ALWAYS_LAST)
            .strategy("always-last")
            .build()) {
      assertThat(r.chat(req("g")).deploymentId()).isEqualTo("b");
    }
  }

  @Test
  void fallbacksForOneGroupKeepTheOtherFallbackSettings() {
    ScriptedProvider p =
        new ScriptedProvider("p")
            .script("a", () -> new UpstreamServerException("down", 503, null))
            .script("b", () -> new UpstreamServerException("down", 503, null));
    try (LlmRouter r =
        base(p)
            .deployment(Deployment.builder("other", "p").model("o").build())
            .retry(RetryConfig.custom().numRetries(0).build())
            .fallback(FallbackConfig.custom().maxFallbacks(0).build())
            .fallbacks("g", List.of("other"))
            .build()) {
      assertThatThrownBy(() -> r.chat(req("g"))).isInstanceOf(UpstreamServerException.class);
      assertThat(p.calls).extracting(ScriptedProvider.Call::model).doesNotContain("o");
    }
  }

  @Test
  void configReplacesTheSettingsGivenBeforeAndLaterOnesOverrideIt() {
    ScriptedProvider p = new ScriptedProvider("p");
    for (int i = 0; i < 10; i++) {
      p.script("a", () -> new UpstreamServerException("down", 503, null));
    }
    RouterConfig config =
        RouterConfig.custom().retry(RetryConfig.custom().numRetries(3).build()).build();
    try (LlmRouter r =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(p)
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .retry(RetryConfig.custom().numRetries(0).build())
            .config(config)
            .build()) {
      assertThatThrownBy(() -> r.chat(req("g"))).isInstanceOf(UpstreamServerException.class);
      assertThat(p.calls).hasSize(4);
    }
    ScriptedProvider q = new ScriptedProvider("p");
    q.script("a", () -> new UpstreamServerException("down", 503, null));
    try (LlmRouter r =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(q)
            .deployment(Deployment.builder("g", "p").model("a").id("a").build())
            .config(config)
            .retry(RetryConfig.custom().numRetries(0).build())
            .build()) {
      assertThatThrownBy(() -> r.chat(req("g"))).isInstanceOf(UpstreamServerException.class);
      assertThat(q.calls).hasSize(1);
    }
  }
}
