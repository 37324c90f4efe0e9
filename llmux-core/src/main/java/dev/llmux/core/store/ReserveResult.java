package dev.llmux.core.store;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link SpendStore#reserve}: granted with a {@link Reservation}, or denied naming
 * the first account that could not take the amount.
 *
 * @param reservation the reservation when granted, else {@code null}
 * @param deniedIndex index of the account that refused, or -1 when granted
 * @param spent that account's settled spend in the period (nano-dollars)
 * @param reserved what other calls hold on that account (nano-dollars)
 */
public record ReserveResult(
    @Nullable Reservation reservation, int deniedIndex, long spent, long reserved) {

  /** A granted reservation. */
  public static ReserveResult granted(Reservation r) {
    return new ReserveResult(r, -1, 0, 0);
  }

  /** A refusal by the account at {@code index}. */
  public static ReserveResult denied(int index, long spent, long reserved) {
    return new ReserveResult(null, index, spent, reserved);
  }

  /** Whether the reservation was granted. */
  public boolean isGranted() {
    return reservation != null;
  }
}
