package dev.llmux.jdbc;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What to set on a budget ({@code null} = unchanged / default).
 *
 * @param limits budget and limits
 * @param modelMaxBudget per-model-group budgets (replaces the whole map)
 */
public record BudgetSpec(Limits limits, Map<String, BigDecimal> modelMaxBudget) {}
