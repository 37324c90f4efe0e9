package dev.llmux.jdbc.spend;

import java.time.Duration;
import java.util.Objects;

/**
 * How the spend log writer buffers and writes (facade YAML: {@code database.spend.*}).
 *
 * @param bufferCapacity most rows held in memory waiting to be written (default 100 000); when
 *     full, new rows are dropped and counted ({@code llmux.spend.dropped})
 * @param batchSize most rows per database transaction (default 500)
 * @param flushInterval longest a row waits before its batch is written (default 1 s)
 * @param shutdownTimeout how long {@code close()} may take to write what is buffered (default 30 s)
 * @param retryInitialBackoff wait after the first failed write (default 1 s), doubled per failure
 * @param retryMaxBackoff longest wait between retries while the database is down (default 30 s)
 * @param floorTtl how long a budget's durable floor read from the spend log ({@code
 *     LlmuxDatabase.spendHistory()}) is reused before it is read again (default 10 s; 0 reads it on
 *     every admission). Instances sharing a database but no Redis see each other's spend after at
 *     most {@code flushInterval + floorTtl}; see docs/distributed.md
 */
public record SpendSettings(
    int bufferCapacity,
    int batchSize,
    Duration flushInterval,
    Duration shutdownTimeout,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    Duration floorTtl) {

  /** The default {@link #floorTtl()}. */
  public static final Duration DEFAULT_FLOOR_TTL = Duration.ofSeconds(10);

  /** The defaults listed above. */
  public static final SpendSettings DEFAULTS =
      new SpendSettings(
          100_000,
          500,
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          DEFAULT_FLOOR_TTL);

  /** The settings with the default {@link #floorTtl()}. */
  public SpendSettings(
      int bufferCapacity,
      int batchSize,
      Duration flushInterval,
      Duration shutdownTimeout,
      Duration retryInitialBackoff,
      Duration retryMaxBackoff) {
    this(
        bufferCapacity,
        batchSize,
        flushInterval,
        shutdownTimeout,
        retryInitialBackoff,
        retryMaxBackoff,
        DEFAULT_FLOOR_TTL);
  }

  public SpendSettings {
    if (bufferCapacity < 1) {
      throw new IllegalArgumentException(
          "spend buffer_capacity must be >= 1, got " + bufferCapacity);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("spend batch_size must be >= 1, got " + batchSize);
    }
    positive(flushInterval, "flush_interval");
    positive(retryInitialBackoff, "retry_initial_backoff");
    positive(retryMaxBackoff, "retry_max_backoff");
    Objects.requireNonNull(shutdownTimeout, "shutdown_timeout");
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "spend shutdown_timeout must be >= 0, got " + shutdownTimeout);
    }
    if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
      throw new IllegalArgumentException(
          "spend retry_max_backoff must be >= retry_initial_backoff");
    }
    Objects.requireNonNull(floorTtl, "floor_ttl");
    if (floorTtl.isNegative()) {
      throw new IllegalArgumentException("spend floor_ttl must be >= 0, got " + floorTtl);
    }
  }

  public SpendSettings withBufferCapacity(int v) {
    return new SpendSettings(
        v,
        batchSize,
        flushInterval,
        shutdownTimeout,
        retryInitialBackoff,
        retryMaxBackoff,
        floorTtl);
  }

  public SpendSettings withBatchSize(int v) {
    return new SpendSettings(
        bufferCapacity,
        v,
        flushInterval,
        shutdownTimeout,
        retryInitialBackoff,
        retryMaxBackoff,
        floorTtl);
  }

  public SpendSettings withFlushInterval(Duration v) {
    return new SpendSettings(
        bufferCapacity,
        batchSize,
        v,
        shutdownTimeout,
        retryInitialBackoff,
        retryMaxBackoff,
        floorTtl);
  }

  public SpendSettings withShutdownTimeout(Duration v) {
    return new SpendSettings(
        bufferCapacity,
        batchSize,
        flushInterval,
        v,
        retryInitialBackoff,
        retryMaxBackoff,
        floorTtl);
  }

  public SpendSettings withRetryBackoff(Duration initial, Duration max) {
    return new SpendSettings(
        bufferCapacity, batchSize, flushInterval, shutdownTimeout, initial, max, floorTtl);
  }

  /** These settings with {@link #floorTtl()} {@code v}. */
  public SpendSettings withFloorTtl(Duration v) {
    return new SpendSettings(
        bufferCapacity,
        batchSize,
        flushInterval,
        shutdownTimeout,
        retryInitialBackoff,
        retryMaxBackoff,
        v);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("spend " + name + " must be positive, got " + d);
    }
  }
}
