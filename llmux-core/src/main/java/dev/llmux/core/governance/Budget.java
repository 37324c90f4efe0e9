package dev.llmux.core.governance;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A spend budget in USD for one scope (optionally one model group within it).
 *
 * @param maxBudget hard limit: a call whose maximum possible cost does not fit is refused with
 *     {@link dev.llmux.api.error.BudgetExceededException}; {@code null} for none (soft only)
 * @param softBudget alert threshold: {@link BudgetListener#onSoftBudgetReached} is told once per
 *     period when settled spend reaches it; {@code null} for none
 * @param duration how often the budget resets; {@code null} = never
 */
public record Budget(
    @Nullable BigDecimal maxBudget,
    @Nullable BigDecimal softBudget,
    @Nullable BudgetDuration duration) {

  /** Checks the values' ranges. */
  public Budget {
    if (maxBudget == null && softBudget == null) {
      throw new IllegalArgumentException("a budget needs max_budget, soft_budget or both");
    }
    if (maxBudget != null && maxBudget.signum() < 0) {
      throw new IllegalArgumentException("max_budget must be >= 0, got " + maxBudget);
    }
    if (softBudget != null && softBudget.signum() < 0) {
      throw new IllegalArgumentException("soft_budget must be >= 0, got " + softBudget);
    }
  }

  /** A hard budget that never resets. */
  public static Budget of(String maxUsd) {
    return new Budget(new BigDecimal(maxUsd), null, null);
  }

  /** A hard budget resetting every {@code duration} ({@code 1d}, {@code 1mo}...). */
  public static Budget of(String maxUsd, String duration) {
    return new Budget(new BigDecimal(maxUsd), null, BudgetDuration.parse(duration));
  }

  /** This budget with a soft threshold. */
  public Budget withSoftBudget(String softUsd) {
    return new Budget(maxBudget, new BigDecimal(softUsd), duration);
  }
}
