package dev.llmux.core;

/**
 * A source of monotonic nanoseconds, for measuring latency. Injected so tests control time. {@link
 * #system()} reads {@link System#nanoTime()}.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds since an arbitrary origin; only differences are meaningful. */
  long read();

  /** The system ticker. */
  static Ticker system() {
    return System::nanoTime;
  }
}
