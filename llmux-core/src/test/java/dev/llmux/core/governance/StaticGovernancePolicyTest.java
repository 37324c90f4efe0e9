package dev.llmux.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.RequestContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticGovernancePolicyTest {

  @Test
  void idRulesReplaceDefaultsAndModelRulesAreSeparate() {
    StaticGovernancePolicy p =
        StaticGovernancePolicy.builder()
            .defaultLimits(Scope.END_USER, RateLimits.NONE.withRpm(10))
            .limits(Scope.END_USER, "vip", RateLimits.NONE.withRpm(100))
            .budget(Scope.USER, "u1", Budget.of("5", "1d"))
            .budget(Scope.USER, "u1", "gpt-4o", Budget.of("1", "1d"))
            .defaultBudget(Scope.TEAM, "gpt-4o", Budget.of("50"))
            .build();
    RequestContext ctx = RequestContext.builder().userId("u1").teamId("t").endUserId("e1").build();
    List<GovernanceRule> rules = p.rulesFor(ctx, "gpt-4o");
    assertThat(rules)
        .extracting(GovernanceRule::describe)
        .containsExactly(
            "user u1", "user u1 on model gpt-4o", "team t on model gpt-4o", "end_user e1");
    assertThat(rules.get(3).limits().rpm()).isEqualTo(10);
    RequestContext vip = RequestContext.builder().endUserId("vip").build();
    assertThat(p.rulesFor(vip, "other"))
        .singleElement()
        .satisfies(r -> assertThat(r.limits().rpm()).isEqualTo(100));
    assertThat(p.rulesFor(RequestContext.EMPTY, "gpt-4o")).isEmpty();
    assertThat(p.rulesFor(RequestContext.builder().userId("u2").build(), "gpt-4o")).isEmpty();
  }
}
