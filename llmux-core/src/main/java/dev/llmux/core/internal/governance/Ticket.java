package dev.llmux.core.internal.governance;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.RouteResult;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.BudgetAlert;
import dev.llmux.core.governance.BudgetListener;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.NanoUsd;
import dev.llmux.core.store.Permit;
import dev.llmux.core.store.Reservation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admitted call's hold on limits and budgets. Exactly one of {@link #settle} or {@link #fail}
 * takes effect; later calls do nothing. Thread-safe.
 */
public final class Ticket {
  private static final Logger log = LoggerFactory.getLogger(Ticket.class);

  /** Nothing applied: settling does nothing. */
  public static final Ticket NONE = new Ticket(null, null, List.of(), null, List.of(), List.of());

  private final @Nullable Governance g;
  private final @Nullable Permit permit;
  private final List<Governance.Kind> kinds;
  private final @Nullable Reservation reservation;
  private final List<GovernanceRule> budgetRules;
  private final List<BudgetKey> budgetKeys;
  private final AtomicBoolean ended = new AtomicBoolean();

  Ticket(
      @Nullable Governance g,
      @Nullable Permit permit,
      List<Governance.Kind> kinds,
      @Nullable Reservation reservation,
      List<GovernanceRule> budgetRules,
      List<BudgetKey> budgetKeys) {
    this.g = g;
    this.permit = permit;
    this.kinds = kinds;
    this.reservation = reservation;
    this.budgetRules = budgetRules;
    this.budgetKeys = budgetKeys;
  }

  /**
   * Settles with a served result: its usage (0 tokens for a cache hit) and cost (0 for a cache
   * hit).
   */
  public void settle(RouteResult<?> result) {
    if (result.cacheHit()) {
      settle(0, 0.0);
      return;
    }
    Usage u = result.usage();
    settle(u == null ? 0 : (long) u.promptTokens() + u.completionTokens(), result.cost());
  }

  /** Settles with the actual tokens and cost (USD, {@code null} = unknown, counted 0). */
  public void settle(long tokens, @Nullable Double cost) {
    if (g == null || !ended.compareAndSet(false, true)) {
      return;
    }
    Instant now = g.clock.instant();
    if (permit != null) {
      try {
        g.counters.settle(permit, amounts(permit, tokens), now);
      } catch (RuntimeException e) {
        g.logFailure("settle", e);
      }
    }
    if (reservation != null) {
      long actual = cost == null ? 0 : NanoUsd.of(cost);
      List<Long> after;
      try {
        after = g.spend.settle(reservation, actual, now);
      } catch (RuntimeException e) {
        g.logFailure("settle", e);
        return;
      }
      for (int i = 0; i < after.size() && i < budgetRules.size(); i++) {
        alertIfCrossed(
            g.listener, budgetRules.get(i), budgetKeys.get(i), after.get(i) - actual, after.get(i));
      }
    }
  }

  /**
   * The call failed: no tokens, no cost; the request stays counted, parallel slots are given back.
   */
  public void fail() {
    if (g == null || !ended.compareAndSet(false, true)) {
      return;
    }
    if (permit != null) {
      try {
        g.counters.settle(permit, amounts(permit, 0), g.clock.instant());
      } catch (RuntimeException e) {
        g.logFailure("settle", e);
      }
    }
    if (reservation != null) {
      try {
        g.spend.release(reservation);
      } catch (RuntimeException e) {
        g.logFailure("release", e);
      }
    }
  }

  private List<Long> amounts(Permit permit, long tokens) {
    List<Long> out = new ArrayList<>(kinds.size());
    for (int i = 0; i < kinds.size(); i++) {
      out.add(
          kinds.get(i) == Governance.Kind.TOKENS ? Math.max(0, tokens) : permit.amounts().get(i));
    }
    return out;
  }

  private static void alertIfCrossed(
      @Nullable BudgetListener listener, GovernanceRule r, BudgetKey k, long before, long after) {
    Budget budget = Objects.requireNonNull(r.budget()); // a budget rule has a budget
    BigDecimal soft = budget.softBudget();
    if (soft == null || listener == null) {
      return;
    }
    long threshold = NanoUsd.of(soft);
    if (before < threshold && after >= threshold) {
      try {
        listener.onSoftBudgetReached(
            new BudgetAlert(
                r, soft, budget.maxBudget(), NanoUsd.toUsd(after), k.periodStart(), k.resetsAt()));
      } catch (RuntimeException e) {
        log.warn("budget listener failed for {}", r.describe(), e);
      }
    }
  }

  /** Whether this ticket holds nothing (no rule applied): settling it does nothing. */
  public boolean isEmpty() {
    return g == null;
  }
}
