package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.BudgetDef;
import dev.llmux.jdbc.BudgetSpec;
import dev.llmux.jdbc.Budgets;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.NotFoundException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Budgets} over JDBC. Not public API. */
public final class BudgetsImpl extends StoreBase implements Budgets {

  public BudgetsImpl(StoreContext ctx) {
    super(ctx);
  }

  private static void checkModelBudgets(Map<String, BigDecimal> m) {
    if (m != null) {
      m.forEach(
          (model, max) -> {
            require(model, "model in model_max_budget");
            if (max == null) {
              throw new IllegalArgumentException("model_max_budget of '" + model + "' is missing");
            }
            nonNegative(max, "model_max_budget of '" + model + "'");
          });
    }
  }

  static BudgetDef load(Sql.Tx tx, String id) throws SQLException {
    return tx.queryOne("SELECT * FROM llmux_budgets WHERE id = ?", StoreBase::budget, id)
        .orElseThrow(() -> new NotFoundException("budget '" + id + "' not found"));
  }

  @Override
  public BudgetDef create(String id, BudgetSpec spec, Actor actor) {
    BudgetSpec s = spec == null ? new BudgetSpec(null, null) : spec;
    String budgetId = id == null ? "budget-" + Codec.randomBase62(16) : checkId(id, "budget_id");
    checkLimits(s.limits());
    checkModelBudgets(s.modelMaxBudget());
    return mutate(
        tx -> {
          if (exists(tx, "llmux_budgets", "id", budgetId)) {
            throw new ConflictException("budget '" + budgetId + "' already exists");
          }
          Instant now = now();
          BudgetDef b =
              new BudgetDef(budgetId, s.limits(), s.modelMaxBudget(), now, now, actor.id());
          tx.update(
              "INSERT INTO llmux_budgets (id, "
                  + LIMIT_COLS
                  + ", model_max_budget, created_at, updated_at, "
                  + "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              args(
                  b.id(),
                  limitArgs(b.limits()),
                  Codec.json(b.modelMaxBudget()),
                  now,
                  now,
                  actor.id()));
          audit(tx, actor, "budget.create", "budget", budgetId, null, b);
          return b;
        });
  }

  @Override
  public BudgetDef update(String id, BudgetSpec spec, Actor actor) {
    BudgetSpec s = spec == null ? new BudgetSpec(null, null) : spec;
    checkLimits(s.limits());
    checkModelBudgets(s.modelMaxBudget());
    return mutate(
        tx -> {
          BudgetDef before = load(tx, require(id, "budget_id"));
          BudgetDef after =
              new BudgetDef(
                  id,
                  before.limits().merge(s.limits()),
                  KeysImpl.or(s.modelMaxBudget(), before.modelMaxBudget()),
                  before.createdAt(),
                  now(),
                  before.createdBy());
          tx.update(
              "UPDATE llmux_budgets SET "
                  + LIMIT_SET
                  + ", model_max_budget = ?, updated_at = ? WHERE id = ?",
              args(
                  limitArgs(after.limits()),
                  Codec.json(after.modelMaxBudget()),
                  after.updatedAt(),
                  id));
          audit(tx, actor, "budget.update", "budget", id, before, after);
          return after;
        });
  }

  @Override
  public void delete(String id, Actor actor) {
    mutate(
        tx -> {
          BudgetDef before = load(tx, require(id, "budget_id"));
          long uses =
              tx.count("SELECT COUNT(*) FROM llmux_organizations WHERE budget_id = ?", id)
                  + tx.count("SELECT COUNT(*) FROM llmux_end_users WHERE budget_id = ?", id);
          if (uses > 0) {
            throw new ConflictException(
                "budget '" + id + "' is used by " + uses + " organization(s)/end user(s)");
          }
          tx.update("DELETE FROM llmux_budgets WHERE id = ?", id);
          audit(tx, actor, "budget.delete", "budget", id, before, null);
          return null;
        });
  }

  @Override
  public Optional<BudgetDef> info(String id) {
    return id == null
        ? Optional.empty()
        : sql.queryOne("SELECT * FROM llmux_budgets WHERE id = ?", StoreBase::budget, id);
  }

  @Override
  public List<BudgetDef> list() {
    return sql.query("SELECT * FROM llmux_budgets ORDER BY id", StoreBase::budget);
  }
}
