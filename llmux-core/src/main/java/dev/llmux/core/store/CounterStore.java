package dev.llmux.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Counters for rate limits: sliding windows (requests and tokens per minute) and concurrency gauges
 * (requests in flight), shared by every router using the same store. Each method is one atomic
 * operation, so a network implementation does each in one round trip (one Lua script in Redis).
 *
 * <h2>Window semantics (every implementation must keep them; {@code CounterStoreContract} pins
 * them)</h2>
 *
 * A window limit is a <em>sliding log</em>: an amount acquired at instant {@code t} counts against
 * its limit at every {@code now} with {@code t <= now < t + window}, and not at all from {@code t +
 * window} on. So no half-open interval of length {@code window} ever holds more than {@code max},
 * whatever its placement, and a denial's retry-after is exact: acquiring at {@code now +
 * retryAfter} succeeds unless someone else acquired in between.
 *
 * <p>Time is passed in ({@code now}) from the router's clock, so tests control it. A shared
 * implementation may instead use its server's clock (documented as such); the contract suite then
 * skips its time-dependent tests.
 *
 * <p>Implementations must be thread-safe and must not keep state for expired window entries.
 */
public interface CounterStore extends AutoCloseable {

  /**
   * Acquires {@code amounts.get(i)} on every {@code limits.get(i)} at once, or nothing. A window
   * limit is exceeded when what it holds in the window plus the amount is more than its max; a
   * concurrency limit when what is held plus the amount is more than its max. An amount of 0 always
   * fits. A key given twice in one call is counted twice.
   *
   * @return granted with a {@link Permit}, or denied naming the first limit that did not fit
   */
  Acquisition acquire(List<Limit> limits, List<Long> amounts, Instant now);

  /**
   * Ends a permit normally: every window entry still in its window is replaced by {@code
   * finalAmounts.get(i)} (for example the actual tokens instead of the estimate; the entry keeps
   * its original time), and every concurrency gauge gives back what the permit held. A second call,
   * or a call after {@link #release}, does nothing.
   */
  void settle(Permit permit, List<Long> finalAmounts, Instant now);

  /**
   * Undoes a permit as if it had never been granted: its window entries are removed and its
   * concurrency is given back. A second call, or a call after {@link #settle}, does nothing.
   */
  void release(Permit permit);

  /**
   * What a counter holds now: the sum of a window's entries within {@code window} of {@code now},
   * or a gauge's held amount when {@code window} is null.
   */
  long used(String key, @Nullable Duration window, Instant now);

  @Override
  default void close() {}

  /** The in-process store: exact sliding logs and gauges behind one lock. */
  static CounterStore inMemory() {
    return new InMemoryCounterStore();
  }
}
