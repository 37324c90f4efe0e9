package dev.llmux.core.internal.governance;

import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import dev.llmux.core.Sleeper;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.BudgetDuration;
import dev.llmux.core.governance.BudgetListener;
import dev.llmux.core.governance.DeploymentCounters;
import dev.llmux.core.governance.GovernancePolicy;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.SpendHistory;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.store.Acquisition;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.Limit;
import dev.llmux.core.store.NanoUsd;
import dev.llmux.core.store.Permit;
import dev.llmux.core.store.Reservation;
import dev.llmux.core.store.ReserveResult;
import dev.llmux.core.store.SpendStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and settlement of budgets and rate limits (pipeline steps 2 and 6). {@link #admit} asks
 * the policy which rules apply, acquires every rate limit of every scope in one {@link
 * CounterStore#acquire} and reserves the call's maximum possible cost on every budget in one {@link
 * SpendStore#reserve}, all-or-nothing; the returned {@link Ticket} settles (actual tokens and cost)
 * or releases exactly once. See {@code docs/governance.md}.
 */
public final class Governance {
  private static final Logger log = LoggerFactory.getLogger(Governance.class);
  static final Duration MINUTE = Duration.ofMinutes(1);

  /** How often a waiter re-checks a concurrency limit (it has no exact retry-after). */
  static final Duration PARALLEL_POLL = Duration.ofMillis(50);

  /** What one acquired limit counts, to settle it and to name it in a rejection. */
  enum Kind {
    REQUESTS,
    TOKENS,
    PARALLEL
  }

  final CounterStore counters;
  final SpendStore spend;
  private final GovernancePolicy policy;
  final Clock clock;
  private final Sleeper sleeper;
  private final ZoneId zone;
  private final Duration maxWait;
  private final Semaphore waiters;
  private final int defaultMaxOutputTokens;
  final @Nullable BudgetListener listener;
  private final boolean failOpen;
  private final DeploymentCounters deploymentCounters;
  private final AtomicLong lastErrorLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong lastHistoryErrorLog = new AtomicLong(Long.MIN_VALUE);
  private SpendHistory history = SpendHistory.NONE;

  Governance(
      CounterStore counters,
      SpendStore spend,
      GovernancePolicy policy,
      Clock clock,
      Sleeper sleeper,
      ZoneId zone,
      Duration maxWait,
      int maxWaiters,
      int defaultMaxOutputTokens,
      @Nullable BudgetListener listener,
      boolean failOpen) {
    this.counters = counters;
    this.spend = spend;
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.zone = zone;
    this.maxWait = maxWait;
    this.waiters = new Semaphore(maxWaiters);
    this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    this.listener = listener;
    this.failOpen = failOpen;
    this.deploymentCounters = new DeploymentCounters(counters, clock);
  }

  /** The engine for {@code config}; {@link #isNoop()} when it has no rules and no policy. */
  public static Governance create(
      dev.llmux.core.governance.GovernanceConfig config, Clock clock, Sleeper sleeper) {
    Governance g =
        new Governance(
            config.counterStore(),
            config.spendStore(),
            config.policy(),
            clock,
            sleeper,
            config.timeZone(),
            config.maxWaitForLimit(),
            config.maxWaiters(),
            config.defaultMaxOutputTokens(),
            config.budgetListener(),
            config.failOpen());
    g.noop = config.policies().isEmpty() && config.staticPolicy().isEmpty();
    g.history = config.spendHistory();
    return g;
  }

  private boolean noop;

  /** Whether no rule can ever apply: admission is skipped entirely. */
  public boolean isNoop() {
    return noop;
  }

  public void close() {
    try {
      counters.close();
    } finally {
      spend.close();
    }
  }

  public DeploymentCounters deploymentCounters() {
    return deploymentCounters;
  }

  /** The worst case of a call: its token estimate and its cost estimate in nano-dollars. */
  record Estimate(long tokens, long costNanos) {}

  /**
   * The maximum a call to {@code group} can take: prompt tokens (estimated) plus the output cap
   * ({@code maxOutput}, else each deployment's max output tokens, else the default) times {@code
   * choices}, priced at the group's most expensive deployment. Unknown prices count 0.
   */
  Estimate estimate(
      ModelCatalog.Group group, int promptTokens, @Nullable Integer maxOutput, int choices) {
    long tokens = 0;
    double cost = 0;
    for (Deployment d : group.deployments()) {
      long out =
          maxOutput != null
              ? maxOutput
              : d.maxOutputTokens() != null ? d.maxOutputTokens() : defaultMaxOutputTokens;
      out *= Math.max(1, choices);
      tokens = Math.max(tokens, promptTokens + out);
      double in = d.inputCostPerToken() == null ? 0 : d.inputCostPerToken();
      double o = d.outputCostPerToken() == null ? 0 : d.outputCostPerToken();
      cost = Math.max(cost, promptTokens * in + out * o);
    }
    return new Estimate(tokens, NanoUsd.ceil(cost));
  }

  /**
   * Admits a call to {@code group} or throws. Rate limits are checked (and waited for, when the
   * router allows) before budgets; a budget refusal gives the rate-limit counts back.
   *
   * @throws RateLimitException when a rate limit is full (cheap, with retry-after)
   * @throws BudgetExceededException when a budget cannot take the call's maximum cost
   */
  public Ticket admit(
      RequestContext ctx,
      ModelCatalog.Group group,
      int promptTokens,
      @Nullable Integer maxOutput,
      int choices) {
    List<GovernanceRule> rules;
    try {
      rules = policy.rulesFor(ctx, group.name());
    } catch (dev.llmux.api.error.LlmException refusal) {
      throw refusal; // the policy refuses this request (a blocked end user...), not a store failure
    } catch (RuntimeException e) {
      return storeFailure("policy", e);
    }
    if (rules == null || rules.isEmpty()) {
      return Ticket.NONE;
    }
    Estimate est = estimate(group, promptTokens, maxOutput, choices);
    List<Limit> limits = new ArrayList<>();
    List<Long> amounts = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    List<GovernanceRule> limitRules = new ArrayList<>();
    List<BudgetKey> budgetKeys = new ArrayList<>();
    List<GovernanceRule> budgetRules = new ArrayList<>();
    Instant now = clock.instant();
    for (GovernanceRule r : rules) {
      String key = key(r);
      RateLimits l = r.limits();
      if (l != null) {
        if (l.rpm() != null) {
          add(
              limits,
              amounts,
              kinds,
              limitRules,
              r,
              Limit.window(key + ":rpm", l.rpm(), MINUTE),
              1,
              Kind.REQUESTS);
        }
        if (l.tpm() != null) {
          add(
              limits,
              amounts,
              kinds,
              limitRules,
              r,
              Limit.window(key + ":tpm", l.tpm(), MINUTE),
              est.tokens(),
              Kind.TOKENS);
        }
        if (l.maxParallel() != null) {
          add(
              limits,
              amounts,
              kinds,
              limitRules,
              r,
              Limit.concurrent(key + ":parallel", l.maxParallel()),
              1,
              Kind.PARALLEL);
        }
      }
      if (r.budget() != null) {
        addBudget(budgetKeys, budgetRules, withFloor(budgetKey(key, r.budget(), now), r), r);
      }
    }
    Permit permit = null;
    try {
      if (!limits.isEmpty()) {
        permit = acquire(limits, amounts, kinds, limitRules);
      }
      Reservation reservation = null;
      if (!budgetKeys.isEmpty()) {
        ReserveResult rr = spend.reserve(budgetKeys, est.costNanos(), clock.instant());
        if (!rr.isGranted()) {
          throw budgetExceeded(
              budgetRules.get(rr.deniedIndex()), budgetKeys.get(rr.deniedIndex()), rr);
        }
        reservation = rr.reservation();
      }
      return new Ticket(this, permit, kinds, reservation, budgetRules, budgetKeys);
    } catch (RateLimitException | BudgetExceededException e) {
      if (permit != null) {
        releaseQuietly(permit);
      }
      throw e;
    } catch (RuntimeException e) {
      if (permit != null) {
        releaseQuietly(permit);
      }
      return storeFailure("store", e);
    }
  }

  /**
   * Adds a limit; when two rules (say, a static one and a policy's) give the same counter, it is
   * acquired once, against the stricter max.
   */
  private static void add(
      List<Limit> limits,
      List<Long> amounts,
      List<Kind> kinds,
      List<GovernanceRule> rules,
      GovernanceRule r,
      Limit l,
      long amount,
      Kind kind) {
    for (int i = 0; i < limits.size(); i++) {
      Limit o = limits.get(i);
      if (o.key().equals(l.key()) && java.util.Objects.equals(o.window(), l.window())) {
        if (l.max() < o.max()) {
          limits.set(i, l);
          rules.set(i, r);
        }
        return;
      }
    }
    limits.add(l);
    amounts.add(amount);
    kinds.add(kind);
    rules.add(r);
  }

  private @Nullable Permit acquire(
      List<Limit> limits, List<Long> amounts, List<Kind> kinds, List<GovernanceRule> rules) {
    Acquisition a = counters.acquire(limits, amounts, clock.instant());
    if (a.isGranted()) {
      return a.permit();
    }
    if (maxWait.isZero() || !waiters.tryAcquire()) {
      throw rateLimited(a, limits, amounts, kinds, rules);
    }
    try {
      Instant deadline = clock.instant().plus(maxWait);
      while (true) {
        int i = a.deniedIndex();
        Duration left = Duration.between(clock.instant(), deadline);
        Duration wait;
        if (amounts.get(i) > limits.get(i).max()) {
          throw rateLimited(a, limits, amounts, kinds, rules); // can never fit
        } else if (a.retryAfter() != null) {
          if (a.retryAfter().compareTo(left) > 0) {
            throw rateLimited(a, limits, amounts, kinds, rules);
          }
          wait = a.retryAfter();
        } else {
          // A parallel slot frees when a holder ends, at no known time: poll until the deadline.
          if (left.isNegative() || left.isZero()) {
            throw rateLimited(a, limits, amounts, kinds, rules);
          }
          wait = PARALLEL_POLL.compareTo(left) < 0 ? PARALLEL_POLL : left;
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw rateLimited(a, limits, amounts, kinds, rules);
        }
        a = counters.acquire(limits, amounts, clock.instant());
        if (a.isGranted()) {
          return a.permit();
        }
      }
    } finally {
      waiters.release();
    }
  }

  /** As {@link #add}: one account once, with the stricter max (and that rule's soft budget). */
  private static void addBudget(
      List<BudgetKey> keys, List<GovernanceRule> rules, BudgetKey k, GovernanceRule r) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).account().equals(k.account())) {
        if (k.max() < keys.get(i).max()) {
          keys.set(i, k);
          rules.set(i, r);
        }
        return;
      }
    }
    keys.add(k);
    rules.add(r);
  }

  private static RateLimitException rateLimited(
      Acquisition a,
      List<Limit> limits,
      List<Long> amounts,
      List<Kind> kinds,
      List<GovernanceRule> rules) {
    int i = a.deniedIndex();
    GovernanceRule r = rules.get(i);
    Limit l = limits.get(i);
    String what;
    switch (kinds.get(i)) {
      case REQUESTS:
        what = "requests per minute";
        break;
      case TOKENS:
        what = "tokens per minute";
        break;
      default:
        what = "parallel requests";
        break;
    }
    String msg;
    if (amounts.get(i) > l.max()) {
      msg =
          "Rate limit for "
              + r.describe()
              + ": this request needs "
              + amounts.get(i)
              + " "
              + what
              + " but the limit is "
              + l.max()
              + "; lower max_tokens or the prompt";
    } else {
      msg =
          "Rate limit exceeded for "
              + r.describe()
              + ": "
              + a.used()
              + " of "
              + l.max()
              + " "
              + what
              + (a.retryAfter() == null ? "" : "; retry after " + seconds(a.retryAfter()) + " s");
    }
    return RateLimitException.rejected(msg, a.retryAfter());
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private BudgetExceededException budgetExceeded(GovernanceRule r, BudgetKey k, ReserveResult rr) {
    Budget budget = Objects.requireNonNull(r.budget()); // a budget rule has a budget
    BigDecimal max = budget.maxBudget() == null ? NanoUsd.toUsd(k.max()) : budget.maxBudget();
    Duration retry = k.resetsAt() == null ? null : Duration.between(clock.instant(), k.resetsAt());
    return new BudgetExceededException(
        r.describe(), max, NanoUsd.toUsd(rr.spent() + rr.reserved()), k.resetsAt(), retry);
  }

  private BudgetKey budgetKey(String key, Budget b, Instant now) {
    long max = b.maxBudget() == null ? Long.MAX_VALUE : NanoUsd.of(b.maxBudget());
    BudgetDuration d = b.duration();
    if (d == null) {
      return new BudgetKey(key + ":budget", max, Instant.EPOCH, null);
    }
    BudgetDuration.Period p = d.periodAt(now, zone);
    return new BudgetKey(key + ":budget:" + d, max, p.start(), p.end());
  }

  /**
   * {@code k} with the durable spend of {@code r}'s scope id in {@code k}'s period as its floor;
   * {@code k} itself when there is no history or it fails (logged at most once a minute).
   */
  private BudgetKey withFloor(BudgetKey k, GovernanceRule r) {
    if (history == SpendHistory.NONE) {
      return k;
    }
    long floor;
    try {
      floor = history.spentSince(r.scope(), r.scopeId(), r.modelGroup(), k.periodStart());
    } catch (RuntimeException e) {
      long now = clock.millis();
      long last = lastHistoryErrorLog.get();
      if (now - last >= 60_000 && lastHistoryErrorLog.compareAndSet(last, now)) {
        log.warn(
            "reading the durable spend of {} failed; checking its budget against the spend"
                + " store alone: {}",
            r.describe(),
            e.toString());
      }
      return k;
    }
    return floor > 0 ? k.withFloor(floor) : k;
  }

  /**
   * {@code llmux:user:u1} or {@code llmux:user:u1:model:gpt-4o}, ids escaped so keys never collide.
   */
  static String key(GovernanceRule r) {
    StringBuilder sb = new StringBuilder(48).append("llmux:").append(r.scope().key()).append(':');
    escape(r.scopeId(), sb);
    if (r.modelGroup() != null) {
      sb.append(":model:");
      escape(r.modelGroup(), sb);
    }
    return sb.toString();
  }

  private static void escape(String s, StringBuilder sb) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ':' || c == '%' || c == '@') {
        sb.append('%')
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else {
        sb.append(c);
      }
    }
  }

  private Ticket storeFailure(String what, RuntimeException e) {
    logFailure(what, e);
    if (failOpen) {
      return Ticket.NONE;
    }
    throw RateLimitException.rejected(
        "budgets and rate limits are unavailable ("
            + what
            + " failed: "
            + e.getMessage()
            + "); refusing calls until they are back",
        Duration.ofSeconds(1));
  }

  void logFailure(String what, RuntimeException e) {
    long now = clock.millis();
    long last = lastErrorLog.get();
    if (now - last >= 60_000 && lastErrorLog.compareAndSet(last, now)) {
      log.warn(
          "governance {} failed; {}: {}",
          what,
          failOpen ? "admitting calls without limits (fail-open)" : "refusing calls (fail-closed)",
          e.toString());
    }
  }

  private void releaseQuietly(Permit p) {
    try {
      counters.release(p);
    } catch (RuntimeException e) {
      logFailure("release", e);
    }
  }
}
