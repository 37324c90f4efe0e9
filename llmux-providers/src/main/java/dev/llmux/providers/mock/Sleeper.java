package dev.llmux.providers.mock;

import java.time.Duration;

/** Waits; injectable so that tests of simulated latency do not sleep. */
@FunctionalInterface
interface Sleeper {
  /** Sleeps with {@link Thread#sleep(long, int)}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  /** Blocks for {@code duration} (positive). */
  void sleep(Duration duration) throws InterruptedException;
}
