package dev.llmux.core.store;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One counter checked by {@link CounterStore#acquire}: either a sliding window ({@code window} set:
 * the amounts acquired during the last {@code window} may not exceed {@code max}) or a concurrency
 * gauge ({@code window} null: the amounts currently held may not exceed {@code max}; they are given
 * back by {@link CounterStore#settle} or {@link CounterStore#release}).
 *
 * @param key the counter's key, opaque to the store (the router namespaces it)
 * @param max the most the counter may hold; {@link Long#MAX_VALUE} counts without limiting
 * @param window the sliding window, or {@code null} for a concurrency gauge
 */
public record Limit(String key, long max, @Nullable Duration window) {

  /** Checks that {@code key} is present; checks the values' ranges. */
  public Limit {
    Objects.requireNonNull(key, "key");
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0, got " + max);
    }
    if (window != null && (window.isZero() || window.isNegative())) {
      throw new IllegalArgumentException("window must be positive");
    }
  }

  /** A sliding-window limit: at most {@code max} within any {@code window}. */
  public static Limit window(String key, long max, Duration window) {
    return new Limit(key, max, Objects.requireNonNull(window, "window"));
  }

  /** A concurrency limit: at most {@code max} held at once. */
  public static Limit concurrent(String key, long max) {
    return new Limit(key, max, null);
  }

  /** Whether this is a concurrency gauge rather than a window. */
  public boolean isConcurrency() {
    return window == null;
  }
}
