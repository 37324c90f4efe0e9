package dev.llmux.jdbc;

import java.math.BigDecimal;

/**
 * Budget and rate limits stored on a key, user, team, organization or budget. Every field is
 * nullable: {@code null} means "no limit" on a stored object and "leave as is" inside a spec.
 *
 * @param maxBudget hard budget in USD
 * @param softBudget alert threshold in USD
 * @param budgetDuration how often the budget resets ({@code 30d}, {@code 1mo}...; see {@link
 *     dev.llmux.core.governance.BudgetDuration}), {@code null} = never
 * @param tpm tokens per minute
 * @param rpm requests per minute
 * @param maxParallelRequests requests in flight at once
 */
public record Limits(
    BigDecimal maxBudget,
    BigDecimal softBudget,
    String budgetDuration,
    Long tpm,
    Long rpm,
    Integer maxParallelRequests) {

  /** No limits. */
  public static final Limits NONE = new Limits(null, null, null, null, null, null);

  /** Whether no field is set. */
  public boolean isEmpty() {
    return maxBudget == null
        && softBudget == null
        && budgetDuration == null
        && tpm == null
        && rpm == null
        && maxParallelRequests == null;
  }

  /**
   * These limits with every non-null field of {@code changes} applied ({@code null} = unchanged).
   */
  public Limits merge(Limits changes) {
    if (changes == null) {
      return this;
    }
    return new Limits(
        changes.maxBudget != null ? changes.maxBudget : maxBudget,
        changes.softBudget != null ? changes.softBudget : softBudget,
        changes.budgetDuration != null ? changes.budgetDuration : budgetDuration,
        changes.tpm != null ? changes.tpm : tpm,
        changes.rpm != null ? changes.rpm : rpm,
        changes.maxParallelRequests != null ? changes.maxParallelRequests : maxParallelRequests);
  }
}
