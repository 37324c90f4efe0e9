package dev.llmux.core.governance;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Spend recorded durably, outside the router's {@code SpendStore}: the spend log of a database
 * ({@code llmux-jdbc}'s {@code LlmuxDatabase.spendHistory()}). At admission the router asks it, for
 * every budget that applies, what the budget's scope id has spent since the budget's period
 * started, and hands that to the store as the account's durable floor ({@code BudgetKey.floor}):
 * the store raises its spend to at least that before it checks the budget. So a budget keeps its
 * spend when the process restarts, and instances that share a database but not a store see each
 * other's spend once it is written and read (see {@code docs/distributed.md}).
 *
 * <p>Called on every admitted request with a budget, once per budget: implementations must be fast
 * (cache briefly) and thread-safe. A failure (any exception) makes the router use a floor of 0 for
 * that request, logged at most once a minute: the floor never makes the router less available than
 * it is without one.
 */
@FunctionalInterface
public interface SpendHistory {

  /**
   * Nano-dollars spent by {@code scopeId} of {@code scope} (on {@code modelGroup} only, when not
   * {@code null}) from {@code since} on, as far as recorded; 0 when nothing is.
   *
   * @param since the start of the budget's current period ({@link Instant#EPOCH} for a budget that
   *     never resets)
   */
  long spentSince(Scope scope, String scopeId, @Nullable String modelGroup, Instant since);

  /** Nothing recorded: every floor is 0. */
  SpendHistory NONE = (scope, id, group, since) -> 0;
}
