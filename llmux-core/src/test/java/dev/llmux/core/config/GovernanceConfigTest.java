package dev.llmux.core.config;

import static dev.llmux.core.config.ValidationTest.errorAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.RequestContext;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.GovernanceRule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GovernanceConfigTest {
  private static final String YAML =
      """
      budgets:
        - scope: team
          id: search
          max_budget: 500
          soft_budget: 400.5
          budget_duration: 1mo
        - scope: user
          id: u1
          model: gpt-4o
          max_budget: 0.25
          budget_duration: 1d
        - scope: end_user
          max_budget: 1
      limits:
        - scope: end_user
          rpm: 10
        - scope: key
          id: k1
          rpm: 600
          tpm: 100_000
          max_parallel_requests: 8
      governance:
        time_zone: Europe/Paris
        max_wait_for_limit: 2s
        max_waiters: 16
        default_max_output_tokens: 2048
        fail_open: true
      """;

  private static RouterConfig load(String yaml) {
    return ConfigLoader.parse(yaml, "router.yaml", Set.of(), Map.of());
  }

  @Test
  void sectionsBindToSettings() {
    GovernanceSettings g = load(YAML).governance();
    assertThat(g.budgets()).hasSize(3);
    assertThat(g.budgets().get(0))
        .isEqualTo(
            new GovernanceSettings.BudgetRule(
                "team",
                "search",
                null,
                new java.math.BigDecimal("500.0"),
                new java.math.BigDecimal("400.5"),
                "1mo"));
    assertThat(g.budgets().get(2).id()).isNull();
    assertThat(g.limits().get(1))
        .isEqualTo(new GovernanceSettings.LimitRule("key", "k1", null, 600L, 100_000L, 8));
    assertThat(g.timeZone()).isEqualTo("Europe/Paris");
    assertThat(g.maxWaitForLimit()).isEqualTo(Duration.ofSeconds(2));
    assertThat(g.isConfigured()).isTrue();
    assertThat(load("providers: []\n").governance().isConfigured()).isFalse();
  }

  @Test
  void settingsBecomeAGovernanceConfig() {
    GovernanceConfig c = GovernanceConfig.builder(load(YAML).governance()).build();
    assertThat(c.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(c.maxWaiters()).isEqualTo(16);
    assertThat(c.defaultMaxOutputTokens()).isEqualTo(2048);
    assertThat(c.failOpen()).isTrue();
    RequestContext ctx =
        RequestContext.builder().userId("u1").teamId("search").endUserId("e").keyId("k1").build();
    List<GovernanceRule> rules = c.policy().rulesFor(ctx, "gpt-4o");
    assertThat(rules)
        .extracting(GovernanceRule::describe)
        .containsExactly("key k1", "user u1 on model gpt-4o", "team search", "end_user e");
    assertThat(rules.get(3).budget().maxBudget()).isEqualByComparingTo("1");
    assertThat(rules.get(3).limits().rpm()).isEqualTo(10);
    assertThat(rules.get(2).budget().duration().toString()).isEqualTo("1mo");
  }

  @Test
  void errorsNameTheLine() {
    errorAt("budgets:\n  - scope: group\n    max_budget: 1\n", 2, "unknown scope 'group'");
    errorAt(
        "budgets:\n  - scope: user\n    max_budget: 1\n    budget_duration: 2w\n",
        4,
        "invalid budget duration '2w'");
    errorAt(
        "budgets:\n  - scope: user\n    max_budget: 1\n    budget_duration: 7h\n",
        4,
        "budget duration '7h': hours must divide a day");
    errorAt(
        "budgets:\n  - scope: user\n    id: u1\n",
        2,
        "budgets[0] needs max_budget, soft_budget or both");
    errorAt("budgets:\n  - scope: user\n    max_budget: -1\n", 3, "");
    errorAt(
        "budgets:\n  - scope: user\n    max_bugdet: 1\n",
        3,
        "unknown key 'max_bugdet' in budgets[0]");
    errorAt(
        "limits:\n  - scope: user\n    id: u\n",
        2,
        "limits[0] needs rpm, tpm or max_parallel_requests");
    errorAt(
        "limits:\n  - scope: user\n    rpm: 1\n  - scope: user\n    rpm: 2\n",
        4,
        "a limits for user (default) is already configured at line 2");
    errorAt("governance:\n  time_zone: Mars/Olympus\n", 2, "unknown time zone 'Mars/Olympus'");
    errorAt("governance:\n  max_wait: 1s\n", 2, "unknown key 'max_wait' in governance");
  }
}
