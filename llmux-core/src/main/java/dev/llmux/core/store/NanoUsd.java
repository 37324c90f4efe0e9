package dev.llmux.core.store;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in the stores is a {@code long} of nano-dollars (10<sup>-9</sup> USD): exact sums in any
 * store (Redis {@code INCRBY}, SQL {@code BIGINT}), room for 9.2 billion dollars, and a resolution
 * below the price of one token of any model.
 */
public final class NanoUsd {
  private static final BigDecimal NANOS = BigDecimal.valueOf(1_000_000_000L);

  private NanoUsd() {}

  /** {@code usd} in nano-dollars, rounded half up; saturates at {@link Long#MAX_VALUE}. */
  public static long of(BigDecimal usd) {
    BigDecimal n = usd.multiply(NANOS).setScale(0, RoundingMode.HALF_UP);
    return n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : n.longValueExact();
  }

  /** {@code usd} in nano-dollars, rounded half up (negative and NaN give 0). */
  public static long of(double usd) {
    if (!(usd > 0)) {
      return 0;
    }
    return of(new BigDecimal(Double.toString(usd)));
  }

  /** {@code usd} in nano-dollars, rounded up: for estimates that must not fall short. */
  public static long ceil(double usd) {
    if (!(usd > 0)) {
      return 0;
    }
    BigDecimal n =
        new BigDecimal(Double.toString(usd)).multiply(NANOS).setScale(0, RoundingMode.CEILING);
    return n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : n.longValueExact();
  }

  /** Nano-dollars as dollars. */
  public static BigDecimal toUsd(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
  }
}
