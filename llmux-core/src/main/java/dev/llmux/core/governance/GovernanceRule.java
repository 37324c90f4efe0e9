package dev.llmux.core.governance;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A budget and/or rate limits that apply to one scope id, for every model group or for one.
 *
 * @param scope the scope
 * @param scopeId the id within the scope ({@code u1}, {@code team-a}...)
 * @param modelGroup the model group it is limited to, or {@code null} for every model group
 * @param budget the budget, or {@code null}
 * @param limits the rate limits, or {@code null}
 */
public record GovernanceRule(
    Scope scope,
    String scopeId,
    @Nullable String modelGroup,
    @Nullable Budget budget,
    @Nullable RateLimits limits) {

  /** Checks that {@code scope}, {@code scopeId} are present; checks the values' ranges. */
  public GovernanceRule {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(scopeId, "scopeId");
    if (budget == null && (limits == null || limits.isEmpty())) {
      throw new IllegalArgumentException("a rule needs a budget or a limit");
    }
  }

  /** A readable name: {@code user u1}, {@code user u1 on model gpt-4o}. */
  public String describe() {
    return scope.key() + " " + scopeId + (modelGroup == null ? "" : " on model " + modelGroup);
  }
}
