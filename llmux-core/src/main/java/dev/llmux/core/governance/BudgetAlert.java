package dev.llmux.core.governance;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A budget that reached its soft threshold.
 *
 * @param rule the rule whose budget it is (scope, id, model group)
 * @param softBudget the threshold, USD
 * @param maxBudget the hard limit, USD, or {@code null}
 * @param spend settled spend in the period after the call that crossed it, USD
 * @param periodStart start of the period ({@link Instant#EPOCH} for a budget that never resets)
 * @param resetsAt when the period ends, or {@code null} when it never resets
 */
public record BudgetAlert(
    GovernanceRule rule,
    BigDecimal softBudget,
    @Nullable BigDecimal maxBudget,
    BigDecimal spend,
    Instant periodStart,
    @Nullable Instant resetsAt) {}
