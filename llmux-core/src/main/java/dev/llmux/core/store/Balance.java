package dev.llmux.core.store;

/**
 * A budget account's state in its period, in nano-dollars.
 *
 * @param spent settled spend
 * @param reserved held by calls in flight
 */
public record Balance(long spent, long reserved) {

  /** Nothing spent or reserved. */
  public static final Balance ZERO = new Balance(0, 0);

  /** Spent plus reserved: what admission compares with the max. */
  public long committed() {
    return spent + reserved;
  }
}
