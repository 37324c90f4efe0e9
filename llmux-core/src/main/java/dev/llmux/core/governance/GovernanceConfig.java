package dev.llmux.core.governance;

import dev.llmux.core.config.GovernanceSettings;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.SpendStore;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Budgets and rate limits of a router: where state lives, which rules apply, and how admission
 * behaves. Pass to {@code LlmRouter.Builder.governance(...)}. Immutable; see {@code
 * docs/governance.md}.
 *
 * <pre>{@code
 * GovernanceConfig.builder()
 *     .budget(Scope.TEAM, "search", Budget.of("500", "1mo").withSoftBudget("400"))
 *     .limits(Scope.USER, "u1", "gpt-4o", RateLimits.NONE.withRpm(60).withTpm(100_000))
 *     .defaultLimits(Scope.END_USER, RateLimits.NONE.withRpm(10))
 *     .timeZone(ZoneId.of("Europe/Paris"))
 *     .build();
 * }</pre>
 */
public final class GovernanceConfig {
  /** Output tokens assumed when neither the request nor the deployment caps them. */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  private final CounterStore counterStore;
  private final SpendStore spendStore;
  private final StaticGovernancePolicy staticPolicy;
  private final List<GovernancePolicy> policies;
  private final ZoneId timeZone;
  private final Duration maxWaitForLimit;
  private final int maxWaiters;
  private final int defaultMaxOutputTokens;
  private final @Nullable BudgetListener budgetListener;
  private final boolean failOpen;
  private final SpendHistory spendHistory;

  private GovernanceConfig(Builder b) {
    this.counterStore = b.counterStore != null ? b.counterStore : CounterStore.inMemory();
    this.spendStore = b.spendStore != null ? b.spendStore : SpendStore.inMemory();
    this.staticPolicy = b.rules.build();
    this.policies = List.copyOf(b.policies);
    this.timeZone = b.timeZone;
    this.maxWaitForLimit = b.maxWaitForLimit;
    this.maxWaiters = b.maxWaiters;
    this.defaultMaxOutputTokens = b.defaultMaxOutputTokens;
    this.budgetListener = b.budgetListener;
    this.failOpen = b.failOpen;
    this.spendHistory = b.spendHistory;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder filled from a configuration file's {@code budgets}, {@code limits} and {@code
   * governance} sections (already validated by the loader); stores default to in-memory.
   */
  public static Builder builder(GovernanceSettings settings) {
    Builder b = new Builder();
    for (GovernanceSettings.BudgetRule r : settings.budgets()) {
      Budget budget =
          new Budget(
              r.maxBudget(),
              r.softBudget(),
              r.duration() == null ? null : BudgetDuration.parse(r.duration()));
      Scope scope = Scope.fromKey(r.scope());
      if (r.id() == null) {
        b.defaultBudget(scope, r.model(), budget);
      } else {
        b.budget(scope, r.id(), r.model(), budget);
      }
    }
    for (GovernanceSettings.LimitRule r : settings.limits()) {
      RateLimits limits = new RateLimits(r.rpm(), r.tpm(), r.maxParallelRequests());
      Scope scope = Scope.fromKey(r.scope());
      if (r.id() == null) {
        b.defaultLimits(scope, r.model(), limits);
      } else {
        b.limits(scope, r.id(), r.model(), limits);
      }
    }
    if (settings.timeZone() != null) {
      b.timeZone(ZoneId.of(settings.timeZone()));
    }
    if (settings.maxWaitForLimit() != null) {
      b.maxWaitForLimit(settings.maxWaitForLimit());
    }
    if (settings.maxWaiters() != null) {
      b.maxWaiters(settings.maxWaiters());
    }
    if (settings.defaultMaxOutputTokens() != null) {
      b.defaultMaxOutputTokens(settings.defaultMaxOutputTokens());
    }
    if (settings.failOpen() != null) {
      b.failOpen(settings.failOpen());
    }
    return b;
  }

  public CounterStore counterStore() {
    return counterStore;
  }

  public SpendStore spendStore() {
    return spendStore;
  }

  /** The rules configured on the builder. */
  public StaticGovernancePolicy staticPolicy() {
    return staticPolicy;
  }

  /** The extra policies ({@link Builder#policy}), asked after the static rules. */
  public List<GovernancePolicy> policies() {
    return policies;
  }

  public ZoneId timeZone() {
    return timeZone;
  }

  public Duration maxWaitForLimit() {
    return maxWaitForLimit;
  }

  public int maxWaiters() {
    return maxWaiters;
  }

  public int defaultMaxOutputTokens() {
    return defaultMaxOutputTokens;
  }

  /** The soft-budget listener, or {@code null}. */
  public @Nullable BudgetListener budgetListener() {
    return budgetListener;
  }

  public boolean failOpen() {
    return failOpen;
  }

  /**
   * Where budgets' durable floors come from ({@link SpendHistory}); {@link SpendHistory#NONE} (the
   * default) when spend lives only in the spend store.
   */
  public SpendHistory spendHistory() {
    return spendHistory;
  }

  /** The static rules followed by every extra policy's, as one policy. */
  public GovernancePolicy policy() {
    if (policies.isEmpty()) {
      return staticPolicy;
    }
    return (ctx, group) -> {
      List<GovernanceRule> out = new ArrayList<>(staticPolicy.rulesFor(ctx, group));
      for (GovernancePolicy p : policies) {
        List<GovernanceRule> more = p.rulesFor(ctx, group);
        if (more != null) {
          out.addAll(more);
        }
      }
      return out;
    };
  }

  /** Builder of {@link GovernanceConfig}; every setting has a default. */
  public static final class Builder {
    private @Nullable CounterStore counterStore;
    private @Nullable SpendStore spendStore;
    private final StaticGovernancePolicy.Builder rules = StaticGovernancePolicy.builder();
    private final List<GovernancePolicy> policies = new ArrayList<>();
    private ZoneId timeZone = ZoneOffset.UTC;
    private Duration maxWaitForLimit = Duration.ZERO;
    private int maxWaiters = 64;
    private int defaultMaxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
    private @Nullable BudgetListener budgetListener;
    private boolean failOpen;
    private SpendHistory spendHistory = SpendHistory.NONE;

    private Builder() {}

    /**
     * Where rate-limit counters live. Default {@link CounterStore#inMemory()}. The router closes
     * it.
     */
    public Builder counterStore(CounterStore store) {
      this.counterStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where budget spend lives. Default {@link SpendStore#inMemory()}. The router closes it. */
    public Builder spendStore(SpendStore store) {
      this.spendStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds a policy asked for more rules on every request (e.g. keys and teams from a database).
     */
    public Builder policy(GovernancePolicy policy) {
      policies.add(Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** A budget for one scope id across every model group. */
    public Builder budget(Scope scope, String id, Budget budget) {
      rules.budget(scope, id, budget);
      return this;
    }

    /** A budget for one scope id on one model group. */
    public Builder budget(Scope scope, String id, @Nullable String modelGroup, Budget budget) {
      rules.budget(scope, id, modelGroup, budget);
      return this;
    }

    /** The budget of every id of {@code scope} without its own. */
    public Builder defaultBudget(Scope scope, Budget budget) {
      rules.defaultBudget(scope, budget);
      return this;
    }

    /** The budget on {@code modelGroup} of every id of {@code scope} without its own there. */
    public Builder defaultBudget(Scope scope, @Nullable String modelGroup, Budget budget) {
      rules.defaultBudget(scope, modelGroup, budget);
      return this;
    }

    /** Rate limits for one scope id across every model group. */
    public Builder limits(Scope scope, String id, RateLimits limits) {
      rules.limits(scope, id, limits);
      return this;
    }

    /** Rate limits for one scope id on one model group. */
    public Builder limits(Scope scope, String id, @Nullable String modelGroup, RateLimits limits) {
      rules.limits(scope, id, modelGroup, limits);
      return this;
    }

    /** The limits of every id of {@code scope} without its own. */
    public Builder defaultLimits(Scope scope, RateLimits limits) {
      rules.defaultLimits(scope, limits);
      return this;
    }

    /** The limits on {@code modelGroup} of every id of {@code scope} without its own there. */
    public Builder defaultLimits(Scope scope, @Nullable String modelGroup, RateLimits limits) {
      rules.defaultLimits(scope, modelGroup, limits);
      return this;
    }

    /** The time zone budget periods follow (midnight, the 1st of the month). Default UTC. */
    public Builder timeZone(ZoneId zone) {
      this.timeZone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * How long a caller may wait for a full rate limit instead of failing at once (waiting with the
     * router's Sleeper). Default 0: fail at once with retry-after.
     */
    public Builder maxWaitForLimit(Duration maxWait) {
      if (maxWait == null || maxWait.isNegative()) {
        throw new IllegalArgumentException("maxWaitForLimit must be >= 0");
      }
      this.maxWaitForLimit = maxWait;
      return this;
    }

    /** Most callers waiting for a limit at once; beyond it callers fail at once. Default 64. */
    public Builder maxWaiters(int maxWaiters) {
      if (maxWaiters < 0) {
        throw new IllegalArgumentException("maxWaiters must be >= 0");
      }
      this.maxWaiters = maxWaiters;
      return this;
    }

    /** Output tokens assumed when neither request nor deployment caps them. Default 4096. */
    public Builder defaultMaxOutputTokens(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("defaultMaxOutputTokens must be >= 0");
      }
      this.defaultMaxOutputTokens = tokens;
      return this;
    }

    /** Told when a budget reaches its soft budget. */
    public Builder budgetListener(BudgetListener listener) {
      this.budgetListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * When a store (or policy) fails: {@code true} admits calls without budgets and limits, {@code
     * false} (default) refuses them with a 429 until the store is back.
     */
    public Builder failOpen(boolean failOpen) {
      this.failOpen = failOpen;
      return this;
    }

    /**
     * Durable spend (a database's spend log) that every budget's account is raised to before it is
     * checked, so budgets survive restarts and are shared through the database. Default {@link
     * SpendHistory#NONE}.
     */
    public Builder spendHistory(SpendHistory history) {
      this.spendHistory = Objects.requireNonNull(history, "history");
      return this;
    }

    public GovernanceConfig build() {
      return new GovernanceConfig(this);
    }
  }
}
