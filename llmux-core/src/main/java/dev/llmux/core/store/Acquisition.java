package dev.llmux.core.store;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link CounterStore#acquire}: granted with a {@link Permit}, or denied naming the
 * first limit that did not fit.
 *
 * @param permit the permit when granted, else {@code null}
 * @param deniedIndex index (in the request) of the limit that did not fit, or -1 when granted
 * @param used what that limit held at the time of the call
 * @param retryAfter when denied by a window: the exact wait until enough of the window expires for
 *     the requested amount to fit, provided nothing else is acquired meanwhile; {@code null} when
 *     granted, for a concurrency gauge (it frees when a holder ends), or when the amount is larger
 *     than the limit itself and can never fit
 */
public record Acquisition(
    @Nullable Permit permit, int deniedIndex, long used, @Nullable Duration retryAfter) {

  /** A granted acquisition. */
  public static Acquisition granted(@Nullable Permit permit) {
    return new Acquisition(permit, -1, 0, null);
  }

  /** A refusal by the limit at {@code index}. */
  public static Acquisition denied(int index, long used, @Nullable Duration retryAfter) {
    return new Acquisition(null, index, used, retryAfter);
  }

  /**
   * Whether the amounts were admitted (a caller that counts nothing may be granted a {@code null}
   * permit).
   */
  public boolean isGranted() {
    return deniedIndex < 0;
  }
}
