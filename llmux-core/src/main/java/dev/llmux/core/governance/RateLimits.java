package dev.llmux.core.governance;

import org.jspecify.annotations.Nullable;

/**
 * Rate limits for one scope (optionally one model group within it). {@code null} means no limit.
 * Requests and tokens are counted in a sliding window of one minute (see {@code
 * docs/governance.md}).
 *
 * @param rpm requests per minute
 * @param tpm tokens (prompt + completion) per minute
 * @param maxParallel requests in flight at once
 */
public record RateLimits(@Nullable Long rpm, @Nullable Long tpm, @Nullable Integer maxParallel) {

  /** No limits. */
  public static final RateLimits NONE = new RateLimits(null, null, null);

  /** Checks the values' ranges. */
  public RateLimits {
    if (rpm != null && rpm < 0) {
      throw new IllegalArgumentException("rpm must be >= 0, got " + rpm);
    }
    if (tpm != null && tpm < 0) {
      throw new IllegalArgumentException("tpm must be >= 0, got " + tpm);
    }
    if (maxParallel != null && maxParallel < 0) {
      throw new IllegalArgumentException("max_parallel_requests must be >= 0, got " + maxParallel);
    }
  }

  /** These limits with another requests-per-minute limit. */
  public RateLimits withRpm(long rpm) {
    return new RateLimits(rpm, tpm, maxParallel);
  }

  /** These limits with another tokens-per-minute limit. */
  public RateLimits withTpm(long tpm) {
    return new RateLimits(rpm, tpm, maxParallel);
  }

  /** These limits with another parallel-requests limit. */
  public RateLimits withMaxParallel(int maxParallel) {
    return new RateLimits(rpm, tpm, maxParallel);
  }

  /** Whether no limit is set. */
  public boolean isEmpty() {
    return rpm == null && tpm == null && maxParallel == null;
  }
}
