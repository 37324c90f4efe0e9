package dev.llmux.core.governance;

import dev.llmux.core.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Budgets and rate limits configured up front: per scope id (user {@code u1}), per scope id and
 * model group (user {@code u1} on {@code gpt-4o}), and defaults per scope type (every end user: 10
 * rpm), with or without a model group. For a request, each scope the context names gets at most two
 * rules, one for every model group and one for the requested group; in each, a budget (or limits)
 * configured for the id replaces the scope type's default rather than adding to it. Immutable and
 * thread-safe.
 */
public final class StaticGovernancePolicy implements GovernancePolicy {

  private record Target(Scope scope, @Nullable String id, @Nullable String modelGroup) {}

  private final Map<Target, Budget> budgets;
  private final Map<Target, RateLimits> limits;

  private StaticGovernancePolicy(Builder b) {
    this.budgets = Map.copyOf(b.budgets);
    this.limits = Map.copyOf(b.limits);
  }

  /** A builder with no rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether nothing is configured. */
  public boolean isEmpty() {
    return budgets.isEmpty() && limits.isEmpty();
  }

  @Override
  public List<GovernanceRule> rulesFor(RequestContext ctx, String modelGroup) {
    if (isEmpty()) {
      return List.of();
    }
    List<GovernanceRule> out = new ArrayList<>(4);
    for (Scope s : Scope.values()) {
      String id = s.idIn(ctx);
      if (id == null) {
        continue;
      }
      add(out, s, id, null);
      if (modelGroup != null) {
        add(out, s, id, modelGroup);
      }
    }
    return out;
  }

  private void add(List<GovernanceRule> out, Scope s, String id, @Nullable String group) {
    Budget b = budgets.get(new Target(s, id, group));
    if (b == null) {
      b = budgets.get(new Target(s, null, group));
    }
    RateLimits l = limits.get(new Target(s, id, group));
    if (l == null) {
      l = limits.get(new Target(s, null, group));
    }
    if (b != null || (l != null && !l.isEmpty())) {
      out.add(new GovernanceRule(s, id, group, b, l));
    }
  }

  /** Builder of {@link StaticGovernancePolicy}. Setting the same target twice keeps the last. */
  public static final class Builder {
    private final Map<Target, Budget> budgets = new HashMap<>();
    private final Map<Target, RateLimits> limits = new HashMap<>();

    private Builder() {}

    /** A budget for scope id {@code id} across every model group. */
    public Builder budget(Scope scope, String id, Budget budget) {
      return budget(scope, id, null, budget);
    }

    /** A budget for scope id {@code id} on {@code modelGroup} only ({@code null}: every group). */
    public Builder budget(Scope scope, String id, @Nullable String modelGroup, Budget budget) {
      budgets.put(
          new Target(Objects.requireNonNull(scope, "scope"), requireId(id), modelGroup),
          Objects.requireNonNull(budget, "budget"));
      return this;
    }

    /**
     * The budget of every id of {@code scope} that has none of its own, across every model group.
     */
    public Builder defaultBudget(Scope scope, Budget budget) {
      return defaultBudget(scope, null, budget);
    }

    /**
     * The budget of every id of {@code scope} on {@code modelGroup} that has none of its own there.
     */
    public Builder defaultBudget(Scope scope, @Nullable String modelGroup, Budget budget) {
      budgets.put(
          new Target(Objects.requireNonNull(scope, "scope"), null, modelGroup),
          Objects.requireNonNull(budget, "budget"));
      return this;
    }

    /** Rate limits for scope id {@code id} across every model group. */
    public Builder limits(Scope scope, String id, RateLimits rateLimits) {
      return limits(scope, id, null, rateLimits);
    }

    /**
     * Rate limits for scope id {@code id} on {@code modelGroup} only ({@code null}: every group).
     */
    public Builder limits(
        Scope scope, String id, @Nullable String modelGroup, RateLimits rateLimits) {
      limits.put(
          new Target(Objects.requireNonNull(scope, "scope"), requireId(id), modelGroup),
          Objects.requireNonNull(rateLimits, "rateLimits"));
      return this;
    }

    /**
     * The limits of every id of {@code scope} that has none of its own, across every model group.
     */
    public Builder defaultLimits(Scope scope, RateLimits rateLimits) {
      return defaultLimits(scope, null, rateLimits);
    }

    /**
     * The limits of every id of {@code scope} on {@code modelGroup} that has none of its own there.
     */
    public Builder defaultLimits(Scope scope, @Nullable String modelGroup, RateLimits rateLimits) {
      limits.put(
          new Target(Objects.requireNonNull(scope, "scope"), null, modelGroup),
          Objects.requireNonNull(rateLimits, "rateLimits"));
      return this;
    }

    /** Whether nothing was configured yet. */
    public boolean isEmpty() {
      return budgets.isEmpty() && limits.isEmpty();
    }

    /** The policy. */
    public StaticGovernancePolicy build() {
      return new StaticGovernancePolicy(this);
    }

    private static String requireId(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException(
            "scope id must be non-empty (use defaultBudget/defaultLimits for every id)");
      }
      return id;
    }
  }
}
