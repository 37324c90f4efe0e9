package dev.llmux.jdbc;

import java.util.List;
import java.util.Optional;

/** Shared budgets, referred to by organizations and end users. */
public interface Budgets {
  /** Creates a budget ({@code id} null = generated). */
  BudgetDef create(String id, BudgetSpec spec, Actor actor);

  BudgetDef update(String id, BudgetSpec spec, Actor actor);

  /** Deletes a budget; 409 while an organization or end user refers to it. */
  void delete(String id, Actor actor);

  Optional<BudgetDef> info(String id);

  /** Every budget, ordered by id. */
  List<BudgetDef> list();
}
