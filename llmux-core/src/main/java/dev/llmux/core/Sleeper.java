package dev.llmux.core;

import java.time.Duration;

/**
 * Waits between retry attempts. Injected so tests never sleep; {@link #system()} uses {@link
 * Thread#sleep(long)}.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for {@code duration}; throws {@link InterruptedException} if the thread is interrupted.
   */
  void sleep(Duration duration) throws InterruptedException;

  /** The real sleeper. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
  }
}
