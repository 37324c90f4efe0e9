package dev.llmux.core.governance;

/** Told about budget events. Called on the request's thread after settlement: keep it quick. */
@FunctionalInterface
public interface BudgetListener {

  /**
   * Settled spend of a budget reached its soft budget. Called once per budget period (the settle
   * that crossed the threshold; with a shared store, once across all instances).
   */
  void onSoftBudgetReached(BudgetAlert alert);
}
