package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what another thread or process makes true (a pool reconnecting, Lettuce reconnecting, a
 * call record written just after a stream's end): polls every 50 ms, fails after 20 s naming what
 * it waited for. Not a timing assertion: the bound only keeps a broken run from hanging.
 */
final class Await {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  private Await() {}

  static void until(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(50);
    }
  }
}
