package dev.llmux.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Budget spend with reservations, per account and period, shared by every router using the same
 * store. Each method is one atomic operation, so a network implementation does each in one round
 * trip (one Lua script in Redis). Money is nano-dollars ({@link NanoUsd}).
 *
 * <h2>Reservation model (every implementation must keep it; {@code SpendStoreContract} pins it)
 * </h2>
 *
 * An account holds {@code spent} (settled) and {@code reserved} (held by calls in flight). {@link
 * #reserve} grants when, on every account, {@code committed < max} and {@code committed + amount <=
 * max} ({@code committed = spent + reserved}); so a reservation of 0 (a call of unknown price)
 * passes only while the account is not exhausted. Concurrent callers can therefore never commit
 * past a max. {@link #settle} moves the reservation into spent as the actual cost (which may be
 * more or less than reserved: spend is what was really spent). {@link #release} drops it. Spend
 * only grows within a period, so "spend crossed X" is seen by exactly one settle per period.
 *
 * <h2>Durable floor</h2>
 *
 * A {@link BudgetKey} may carry a {@link BudgetKey#floor() floor}: spend of the account's period
 * that is recorded durably elsewhere (a database's spend log). {@link #reserve}, {@link #settle}
 * and {@link #record} first raise the account's {@code spent} to at least the floor, atomically
 * with the rest of the operation (and {@code reserve} keeps the raise even when it denies); {@link
 * #balance} reports {@code spent} as at least the floor. The floor never lowers {@code spent} and
 * is never added to it: a store that counted the same calls itself keeps its own, larger figure.
 *
 * <p>Implementations must be thread-safe and may forget accounts whose period ended and which hold
 * no reservation.
 */
public interface SpendStore extends AutoCloseable {

  /** Reserves {@code amount} on every account at once, or nothing. */
  ReserveResult reserve(List<BudgetKey> keys, long amount, Instant now);

  /**
   * Replaces the reservation with the actual cost on each of its accounts (in the period it was
   * reserved in) and returns each account's spend after it, aligned with {@code
   * reservation.keys()}. A second call, or a call after {@link #release}, changes nothing and
   * returns an empty list.
   */
  List<Long> settle(Reservation reservation, long actual, Instant now);

  /** Drops the reservation. A second call, or a call after {@link #settle}, does nothing. */
  void release(Reservation reservation);

  /**
   * Adds spend that had no reservation (for example a call recorded elsewhere) to every account,
   * without any check; returns each account's spend after it.
   */
  List<Long> record(List<BudgetKey> keys, long amount, Instant now);

  /** The account's state now (zero for an unknown account). */
  Balance balance(BudgetKey key, Instant now);

  @Override
  default void close() {}

  /** The in-process store. */
  static SpendStore inMemory() {
    return new InMemorySpendStore();
  }
}
