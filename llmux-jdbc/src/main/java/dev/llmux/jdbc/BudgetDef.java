package dev.llmux.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * A named budget (LiteLLM's budget table) that organizations and end users refer to by id.
 *
 * @param id unique id
 * @param limits the budget and rate limits
 * @param modelMaxBudget per-model-group budgets in USD (same duration as {@code limits})
 * @param createdAt creation time
 * @param updatedAt last change
 * @param createdBy the actor id that created it
 */
public record BudgetDef(
    String id,
    Limits limits,
    Map<String, BigDecimal> modelMaxBudget,
    Instant createdAt,
    Instant updatedAt,
    String createdBy) {
  public BudgetDef {
    limits = Copies.limits(limits);
    modelMaxBudget = Copies.map(modelMaxBudget);
  }
}
