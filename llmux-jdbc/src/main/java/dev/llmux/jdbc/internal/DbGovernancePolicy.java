package dev.llmux.jdbc.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.core.RequestContext;
import dev.llmux.core.Ticker;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.BudgetDuration;
import dev.llmux.core.governance.GovernancePolicy;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import dev.llmux.jdbc.BudgetDef;
import dev.llmux.jdbc.Limits;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Budgets and rate limits of the stored key, user, team, organization and end user of a request,
 * cached per (scope, id) and invalidated on every change. Not public API.
 */
public final class DbGovernancePolicy implements GovernancePolicy {
  private record Target(Scope scope, String id) {}

  /** The rules of one scope id: those for every model group and those for one model group. */
  private record Rules(
      List<GovernanceRule> all, Map<String, GovernanceRule> byModel, boolean blocked) {
    static final Rules NONE = new Rules(List.of(), Map.of(), false);
    static final Rules BLOCKED = new Rules(List.of(), Map.of(), true);
  }

  private final Sql sql;
  private final LoadingCache<Target, Rules> cache;

  public DbGovernancePolicy(Sql sql, Duration ttl, long maxSize, Ticker ticker) {
    this.sql = sql;
    this.cache = Caches.build("governance policy", ttl, maxSize, ticker, this::load);
  }

  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public List<GovernanceRule> rulesFor(RequestContext ctx, String modelGroup) {
    List<GovernanceRule> out = new ArrayList<>(4);
    for (Scope s : Scope.values()) {
      String id = s.idIn(ctx);
      if (id == null) {
        continue;
      }
      Rules r = cache.get(new Target(s, id));
      if (r.blocked()) { // only end users: blocked keys, teams and organizations are refused at
        // authentication
        throw new PermissionDeniedException(
            "end user '" + id + "' is blocked", "end_user_blocked", null, null);
      }
      out.addAll(r.all());
      if (modelGroup != null) {
        GovernanceRule m = r.byModel().get(modelGroup);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private Rules load(Target t) {
    return sql.tx(
        tx -> {
          switch (t.scope()) {
            case KEY:
              return rules(
                  t,
                  tx.queryOne(
                      "SELECT * FROM llmux_api_keys WHERE id = ?", StoreBase::limits, t.id()),
                  null);
            case USER:
              return rules(
                  t,
                  tx.queryOne("SELECT * FROM llmux_users WHERE id = ?", StoreBase::limits, t.id()),
                  null);
            case TEAM:
              return rules(
                  t,
                  tx.queryOne("SELECT * FROM llmux_teams WHERE id = ?", StoreBase::limits, t.id()),
                  null);
            case ORGANIZATION:
              {
                Optional<String[]> budgetId =
                    tx.queryOne(
                        "SELECT budget_id FROM llmux_organizations WHERE id = ?",
                        rs -> new String[] {rs.getString(1)},
                        t.id());
                Optional<Limits> own =
                    tx.queryOne(
                        "SELECT * FROM llmux_organizations WHERE id = ?",
                        StoreBase::limits,
                        t.id());
                BudgetDef b = budgetId.isEmpty() ? null : budget(tx, budgetId.get()[0]);
                // the organization's own limits win field by field over its shared budget's
                Optional<Limits> merged = b == null ? own : own.map(o -> b.limits().merge(o));
                return rules(t, merged, b);
              }
            default:
              {
                Optional<String[]> endUser =
                    tx.queryOne(
                        "SELECT budget_id, blocked FROM llmux_end_users WHERE id = ?",
                        rs -> new String[] {rs.getString(1), String.valueOf(rs.getBoolean(2))},
                        t.id());
                if (endUser.isPresent() && Boolean.parseBoolean(endUser.get()[1])) {
                  return Rules.BLOCKED;
                }
                BudgetDef b = endUser.isEmpty() ? null : budget(tx, endUser.get()[0]);
                return rules(t, b == null ? Optional.empty() : Optional.of(b.limits()), b);
              }
          }
        });
  }

  private static BudgetDef budget(Sql.Tx tx, String id) throws SQLException {
    return id == null
        ? null
        : tx.queryOne("SELECT * FROM llmux_budgets WHERE id = ?", StoreBase::budget, id)
            .orElse(null);
  }

  private static Rules rules(Target t, Optional<Limits> limits, BudgetDef budget) {
    List<GovernanceRule> all = new ArrayList<>(1);
    Limits l = limits.orElse(Limits.NONE);
    BudgetDuration duration =
        l.budgetDuration() == null ? null : BudgetDuration.parse(l.budgetDuration());
    Budget b =
        l.maxBudget() == null && l.softBudget() == null
            ? null
            : new Budget(l.maxBudget(), l.softBudget(), duration);
    RateLimits r = new RateLimits(l.rpm(), l.tpm(), l.maxParallelRequests());
    if (b != null || !r.isEmpty()) {
      all.add(new GovernanceRule(t.scope(), t.id(), null, b, r.isEmpty() ? null : r));
    }
    Map<String, GovernanceRule> byModel = new LinkedHashMap<>();
    if (budget != null) {
      for (Map.Entry<String, BigDecimal> e : budget.modelMaxBudget().entrySet()) {
        byModel.put(
            e.getKey(),
            new GovernanceRule(
                t.scope(), t.id(), e.getKey(), new Budget(e.getValue(), null, duration), null));
      }
    }
    return all.isEmpty() && byModel.isEmpty()
        ? Rules.NONE
        : new Rules(List.copyOf(all), Map.copyOf(byModel), false);
  }
}
