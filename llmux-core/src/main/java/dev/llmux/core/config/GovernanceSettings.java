package dev.llmux.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Budgets and rate limits from the {@code budgets}, {@code limits} and {@code governance} sections.
 * Values are validated by the loader (scopes, durations, time zone); see {@code
 * docs/governance.md}.
 *
 * @param budgets budget rules, in file order
 * @param limits rate-limit rules, in file order
 * @param timeZone time zone of budget periods; null = UTC
 * @param maxWaitForLimit how long callers may wait for a full limit; null = 0 (fail at once)
 * @param maxWaiters most callers waiting at once; null = 64
 * @param defaultMaxOutputTokens output tokens assumed when nothing caps them; null = 4096
 * @param failOpen admit without limits when a store fails; null = false
 */
public record GovernanceSettings(
    List<BudgetRule> budgets,
    List<LimitRule> limits,
    @Nullable String timeZone,
    @Nullable Duration maxWaitForLimit,
    @Nullable Integer maxWaiters,
    @Nullable Integer defaultMaxOutputTokens,
    @Nullable Boolean failOpen) {

  /** Makes the lists and maps immutable copies. */
  public GovernanceSettings {
    budgets = budgets == null ? List.of() : List.copyOf(budgets);
    limits = limits == null ? List.of() : List.copyOf(limits);
  }

  /** Nothing configured. */
  public static GovernanceSettings none() {
    return new GovernanceSettings(List.of(), List.of(), null, null, null, null, null);
  }

  /** Whether any rule or setting is present. */
  public boolean isConfigured() {
    return !budgets.isEmpty()
        || !limits.isEmpty()
        || timeZone != null
        || maxWaitForLimit != null
        || maxWaiters != null
        || defaultMaxOutputTokens != null
        || failOpen != null;
  }

  /**
   * One {@code budgets} entry.
   *
   * @param scope key, user, team, org or end_user
   * @param id the scope id, or null for the default of every id of the scope
   * @param model the model group it is limited to, or null for every group
   * @param maxBudget USD, or null
   * @param softBudget USD, or null
   * @param duration e.g. {@code 1d}, {@code 1mo}; null = never resets
   */
  public record BudgetRule(
      String scope,
      @Nullable String id,
      @Nullable String model,
      @Nullable BigDecimal maxBudget,
      @Nullable BigDecimal softBudget,
      @Nullable String duration) {}

  /**
   * One {@code limits} entry.
   *
   * @param scope key, user, team, org or end_user
   * @param id the scope id, or null for the default of every id of the scope
   * @param model the model group it is limited to, or null for every group
   * @param rpm requests per minute, or null
   * @param tpm tokens per minute, or null
   * @param maxParallelRequests requests in flight, or null
   */
  public record LimitRule(
      String scope,
      @Nullable String id,
      @Nullable String model,
      @Nullable Long rpm,
      @Nullable Long tpm,
      @Nullable Integer maxParallelRequests) {}
}
