package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GovernanceFromConfigTest {
  private final FakeTime time = new FakeTime();

  private static ChatCompletionRequest req() {
    return ChatCompletionRequest.of("chat", ChatMessage.user("hi")).toBuilder()
        .maxTokens(5)
        .build();
  }

  @Test
  void yamlBudgetsAndLimitsAreEnforced() {
    LlmRouter.Builder b =
        LlmRouter.builder()
            .config(
                ConfigLoader.parse(
                    """
        providers:
          - name: gov-up
            type: scripted
            models:
              - {name: chat, model: m, input_cost_per_token: 0, output_cost_per_token: 0.000001}
        budgets:
          - {scope: user, id: u1, max_budget: 0.00001, budget_duration: 1d}
        limits:
          - {scope: end_user, rpm: 1}
        governance:
          time_zone: Europe/Paris
        """,
                    "llmux.yaml",
                    Set.of(),
                    Map.of()));
    try (LlmRouter router = b.clock(time).ticker(time).sleeper(time).build()) {
      RequestContext u1 = RequestContext.builder().userId("u1").build();
      router.chat(req(), u1);
      router.chat(req(), u1);
      assertThatThrownBy(() -> router.chat(req(), u1))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("resets at 2026-01-01T23:00:00Z");
      RequestContext e = RequestContext.builder().endUserId("e").build();
      router.chat(req(), e);
      assertThatThrownBy(() -> router.chat(req(), e)).isInstanceOf(RateLimitException.class);
      time.advance(Duration.ofMinutes(1));
      router.chat(req(), e);
    }
  }

  @Test
  void aRuleGivenTwiceCountsOnceAgainstTheStricterLimit() {
    GovernanceConfig g =
        GovernanceConfig.builder()
            .limits(Scope.USER, "u1", RateLimits.NONE.withRpm(3))
            .policy(
                (ctx, group) ->
                    List.of(
                        new GovernanceRule(
                            Scope.USER, "u1", null, null, RateLimits.NONE.withRpm(2))))
            .build();
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(new ScriptedProvider("p"))
            .deployment(Deployment.builder("chat", "p").model("m").build())
            .governance(g)
            .build()) {
      RequestContext u1 = RequestContext.builder().userId("u1").build();
      router.chat(req(), u1);
      router.chat(req(), u1);
      assertThatThrownBy(() -> router.chat(req(), u1))
          .isInstanceOf(RateLimitException.class)
          .hasMessageContaining("2 of 2 requests per minute");
    }
  }

  @Test
  void deploymentCountersExistWithoutGovernance() {
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(new ScriptedProvider("p"))
            .deployment(Deployment.builder("chat", "p").model("m").build())
            .build()) {
      assertThat(router.control().deploymentCounters().requestsInLastMinute("p/m")).isZero();
    }
  }
}
