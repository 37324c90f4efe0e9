/**
 * Budgets and rate limits: who they apply to ({@link dev.llmux.core.governance.Scope}), what they
 * are ({@link dev.llmux.core.governance.Budget}, {@link dev.llmux.core.governance.RateLimits},
 * {@link dev.llmux.core.governance.BudgetDuration}), where they come from ({@link
 * dev.llmux.core.governance.GovernancePolicy}, {@link
 * dev.llmux.core.governance.StaticGovernancePolicy}), soft-budget alerts ({@link
 * dev.llmux.core.governance.BudgetListener}) and per-deployment counters for routing ({@link
 * dev.llmux.core.governance.DeploymentCounters}). State lives in {@link dev.llmux.core.store}. See
 * {@code docs/governance.md}.
 */
@NullMarked
package dev.llmux.core.governance;

import org.jspecify.annotations.NullMarked;
