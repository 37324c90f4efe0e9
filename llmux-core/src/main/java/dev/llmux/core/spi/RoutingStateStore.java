package dev.llmux.core.spi;

/**
 * Where the routing strategies keep their state: latency statistics, in-flight counts and
 * per-minute usage of each deployment, keyed by deployment id. The in-memory implementation ({@link
 * InMemoryRoutingStateStore}) serves one router instance; a shared implementation (Redis) lets many
 * instances route on the same numbers. Every method is one atomic operation, so a remote
 * implementation can do each in one round trip; no strategy reads, modifies and writes back.
 *
 * <p>Implementations must be thread-safe and fast; a failing remote store should serve from local
 * state rather than throw.
 */
public interface RoutingStateStore {

  /** The in-process store ({@link InMemoryRoutingStateStore}): state for this router alone. */
  static RoutingStateStore inMemory() {
    return new InMemoryRoutingStateStore();
  }

  /** Which latency a sample measures. */
  enum LatencyKind {
    /** Seconds per output token of a non-streamed call (whole call time / completion tokens). */
    PER_OUTPUT_TOKEN,
    /** Seconds until the first chunk of a stream. */
    TIME_TO_FIRST_TOKEN
  }

  /**
   * A deployment's recent latency.
   *
   * @param samples samples in the window (0 means no data)
   * @param mean mean of those samples, in seconds (or seconds per token); 0 when there are none
   * @param median median of those samples (the mean of the two middle ones for an even count), in
   *     the same unit; 0 when there are none. {@code lowest-latency} compares medians, so that one
   *     slow outlier (the first call on a new connection, a pause) does not decide the routing.
   */
  record LatencyStats(int samples, double mean, double median) {
    /** No samples. */
    public static final LatencyStats NONE = new LatencyStats(0, 0, 0);

    /**
     * Statistics whose median is not known (a store that keeps only a sum): the mean stands in for
     * it.
     */
    public LatencyStats(int samples, double mean) {
      this(samples, mean, mean);
    }

    /**
     * The statistics of the first {@code count} values of {@code values}; sorts that part of the
     * array in place. For store implementations.
     */
    public static LatencyStats of(double[] values, int count) {
      if (count <= 0) {
        return NONE;
      }
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += values[i];
      }
      java.util.Arrays.sort(values, 0, count);
      int mid = count / 2;
      double median = count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
      return new LatencyStats(count, sum / count, median);
    }
  }

  /**
   * A deployment's usage over the last minute, read from the shared per-deployment counters ({@link
   * dev.llmux.core.governance.DeploymentCounters}, one sliding window with the rate limits).
   *
   * @param requests requests started in the last minute
   * @param tokens tokens counted in the last minute (prompt estimates while calls run, actual usage
   *     after)
   */
  record MinuteUsage(long requests, long tokens) {
    /** Nothing used. */
    public static final MinuteUsage ZERO = new MinuteUsage(0, 0);
  }

  /**
   * Adds a latency sample, keeping only the newest {@code window} samples of that kind.
   *
   * @param nowMillis wall-clock time of the sample (for expiry)
   */
  void recordLatency(
      String deploymentId, LatencyKind kind, double seconds, int window, long nowMillis);

  /**
   * The mean and median of the samples of {@code kind} not older than {@code maxAgeMillis} ({@link
   * LatencyStats#of} computes both).
   */
  LatencyStats latency(String deploymentId, LatencyKind kind, long nowMillis, long maxAgeMillis);

  /**
   * Adds {@code delta} (+1 or -1) to the deployment's in-flight count and returns the new count.
   */
  long addInFlight(String deploymentId, int delta);

  /** The deployment's in-flight count. */
  long inFlight(String deploymentId);

  /**
   * The model group's round-robin turn: returns the group's counter and increments it, atomically
   * (the first call returns 0). Routers sharing the store share one sequence per group.
   */
  long nextTurn(String modelGroup);

  /** Forgets everything about a deployment (it was removed). */
  void remove(String deploymentId);
}
