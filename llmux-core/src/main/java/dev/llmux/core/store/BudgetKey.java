package dev.llmux.core.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One budget account in one period, for {@link SpendStore}. Money is in nano-dollars ({@link
 * NanoUsd}) so every store adds exactly.
 *
 * @param key the budget's key, opaque to the store (the router namespaces it)
 * @param max the most this account may spend in the period; {@link Long#MAX_VALUE} tracks without
 *     limiting
 * @param periodStart start of the period; spend is kept per key <em>and</em> period start, so a new
 *     period starts from zero without any reset job ({@link Instant#EPOCH} for a budget that never
 *     resets)
 * @param resetsAt end of the period, or {@code null} when it never resets; a store may forget the
 *     account once this has passed and nothing is reserved on it
 * @param floor spend already recorded durably for this account in this period (a database's spend
 *     log, see {@code dev.llmux.core.governance.SpendHistory}), in nano-dollars; 0 when unknown. A
 *     store raises the account's {@code spent} to at least this before it checks or adds anything
 *     ({@link SpendStore}), so spend survives a restart and a lost Redis
 */
public record BudgetKey(
    String key, long max, Instant periodStart, @Nullable Instant resetsAt, long floor) {

  public BudgetKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(periodStart, "periodStart");
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, got " + max);
    }
    if (floor < 0) {
      throw new IllegalArgumentException("floor must be >= 0, got " + floor);
    }
  }

  /** An account without a durable floor. */
  public BudgetKey(String key, long max, Instant periodStart, @Nullable Instant resetsAt) {
    this(key, max, periodStart, resetsAt, 0);
  }

  /** This account with {@code floor} as its durable floor. */
  public BudgetKey withFloor(long floor) {
    return new BudgetKey(key, max, periodStart, resetsAt, floor);
  }

  /** The account's identity in a store: key and period start (the floor is not part of it). */
  public String account() {
    return key + "@" + periodStart.getEpochSecond();
  }
}
