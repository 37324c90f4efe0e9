package dev.llmux.core.internal.routing;

import dev.llmux.api.error.LlmException;
import dev.llmux.core.Sleeper;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * How long to wait before retrying the same deployment(s): the upstream's {@code retry-after} when
 * it is at most {@code retry_after_max} (else give up), otherwise exponential backoff with equal
 * jitter. Switching to another deployment needs no wait.
 */
public final class RetryWait {
  private final RouterSettings settings;
  private final RandomGenerator random;
  private final Sleeper sleeper;

  public RetryWait(RouterSettings settings, RandomGenerator random, Sleeper sleeper) {
    this.settings = settings;
    this.random = random;
    this.sleeper = sleeper;
  }

  /**
   * The wait before retry number {@code retryNumber} after {@code e}; {@code null} means give up.
   */
  public @Nullable Duration before(LlmException e, int retryNumber) {
    Duration retryAfter = e.retryAfter();
    if (retryAfter != null) {
      return retryAfter.compareTo(settings.retryAfterMax()) <= 0 ? retryAfter : null;
    }
    long initial = settings.backoffInitial().toNanos();
    long max = settings.backoffMax().toNanos();
    long base = initial;
    for (int i = 1; i < retryNumber && base < max; i++) {
      base *= 2;
    }
    base = Math.min(base, max);
    long half = base / 2;
    long jitter = half <= 0 ? 0 : (long) (random.nextDouble() * half);
    return Duration.ofNanos(half + jitter);
  }

  /** Waits {@code wait}; an interrupt ends the retries with {@code last}. */
  public void sleep(Duration wait, LlmException last) {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw last;
    }
  }
}
