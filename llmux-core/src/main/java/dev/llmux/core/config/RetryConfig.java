package dev.llmux.core.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When and how soon a failed attempt is retried, on the same model group (another deployment or the
 * same one). Immutable and thread-safe. YAML: {@code routing.retry_count}, {@code retry_policy},
 * {@code retry_after_max}, {@code backoff_initial}, {@code backoff_max} (LiteLLM: {@code
 * num_retries}, {@code retry_policy}).
 *
 * <pre>{@code
 * RetryConfig retry = RetryConfig.custom()
 *     .numRetries(3)
 *     .retryPolicy("rate_limit", 5)
 *     .backoffInitial(Duration.ofMillis(250))
 *     .build();
 * LlmRouter.builder().retry(retry)...
 * }</pre>
 *
 * <p>A wait before a retry is the upstream's {@code retry-after} when it gives one (up to {@link
 * #retryAfterMax()}), else an exponential backoff with jitter: the n-th retry waits a random time
 * in {@code [b/2, b)} where {@code b = min(backoffInitial * 2^(n-1), backoffMax)}.
 */
public final class RetryConfig {

  /** The error classes a retry policy is written in. */
  public static final List<String> ERROR_CLASSES =
      List.of(
          "bad_request",
          "authentication",
          "permission",
          "not_found",
          "timeout",
          "rate_limit",
          "content_policy",
          "context_window",
          "server_error",
          "connection");

  /**
   * The error classes that may be retried; the others (a different attempt cannot fix them) take
   * only 0 in a retry policy.
   */
  public static final List<String> RETRIABLE_ERROR_CLASSES =
      List.of("rate_limit", "timeout", "connection", "server_error");

  private static final RetryConfig DEFAULTS = custom().build();

  private final int numRetries;
  private final Map<String, Integer> retryPolicy;
  private final Duration retryAfterMax;
  private final Duration backoffInitial;
  private final Duration backoffMax;

  private RetryConfig(Builder b) {
    numRetries = b.numRetries;
    retryPolicy = Collections.unmodifiableMap(new LinkedHashMap<>(b.retryPolicy));
    retryAfterMax = b.retryAfterMax;
    backoffInitial = b.backoffInitial;
    backoffMax = b.backoffMax;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default. */
  public static RetryConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.numRetries = numRetries;
    b.retryPolicy.putAll(retryPolicy);
    b.retryAfterMax = retryAfterMax;
    b.backoffInitial = backoffInitial;
    b.backoffMax = backoffMax;
    return b;
  }

  /**
   * Retries after a retriable failure, per request and model group, unless the deployment's own
   * {@code maxRetries} or a {@link #retryPolicy()} entry says otherwise. At least 0; default 2.
   */
  public int numRetries() {
    return numRetries;
  }

  /**
   * Retries per error class (keys from {@link #ERROR_CLASSES}, in the order given), overriding
   * {@link #numRetries()} and the deployment's {@code maxRetries} for that class. Non-retriable
   * classes accept only 0. Default empty.
   */
  public Map<String, Integer> retryPolicy() {
    return retryPolicy;
  }

  /**
   * The retries for an error class: its {@link #retryPolicy()} entry, else {@link #numRetries()}.
   */
  public int retriesFor(String errorClass) {
    Integer n = retryPolicy.get(errorClass);
    return n == null ? numRetries : n;
  }

  /**
   * Longest upstream {@code retry-after} honoured by waiting; a longer one moves on (fallback) or
   * fails. At least 0; default 30 seconds.
   */
  public Duration retryAfterMax() {
    return retryAfterMax;
  }

  /** Base of the first retry's backoff. Positive; default 500 ms. */
  public Duration backoffInitial() {
    return backoffInitial;
  }

  /**
   * Largest base of a retry's backoff. Positive and at least {@link #backoffInitial()}; default 8
   * s.
   */
  public Duration backoffMax() {
    return backoffMax;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RetryConfig c
        && numRetries == c.numRetries
        && retryPolicy.equals(c.retryPolicy)
        && retryAfterMax.equals(c.retryAfterMax)
        && backoffInitial.equals(c.backoffInitial)
        && backoffMax.equals(c.backoffMax);
  }

  @Override
  public int hashCode() {
    return Objects.hash(numRetries, retryPolicy, retryAfterMax, backoffInitial, backoffMax);
  }

  @Override
  public String toString() {
    return "RetryConfig{numRetries="
        + numRetries
        + ", retryPolicy="
        + retryPolicy
        + ", retryAfterMax="
        + retryAfterMax
        + ", backoffInitial="
        + backoffInitial
        + ", backoffMax="
        + backoffMax
        + "}";
  }

  /**
   * Builder of {@link RetryConfig}, starting from the defaults. Each setter rejects an invalid
   * value at once with an {@link IllegalArgumentException} naming the setting; {@link #build()}
   * checks the backoff bounds against each other. The accessors of {@link RetryConfig} document
   * each setting.
   */
  public static final class Builder {
    private int numRetries = 2;
    private final Map<String, Integer> retryPolicy = new LinkedHashMap<>();
    private Duration retryAfterMax = Duration.ofSeconds(30);
    private Duration backoffInitial = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofSeconds(8);

    private Builder() {}

    /** See {@link RetryConfig#numRetries()}. */
    public Builder numRetries(int retries) {
      numRetries = Checks.atLeast(retries, 0, "numRetries");
      return this;
    }

    /** Sets the retries of one error class; see {@link RetryConfig#retryPolicy()}. */
    public Builder retryPolicy(String errorClass, int retries) {
      retryPolicy.put(errorClass, checkPolicy(errorClass, retries));
      return this;
    }

    /** Replaces the whole retry policy; see {@link RetryConfig#retryPolicy()}. */
    public Builder retryPolicy(Map<String, Integer> retriesByErrorClass) {
      Map<String, Integer> policy = new LinkedHashMap<>();
      Objects.requireNonNull(retriesByErrorClass, "retryPolicy")
          .forEach((c, n) -> policy.put(c, checkPolicy(c, Objects.requireNonNull(n, c))));
      retryPolicy.clear();
      retryPolicy.putAll(policy);
      return this;
    }

    private static int checkPolicy(String errorClass, int retries) {
      if (!ERROR_CLASSES.contains(errorClass)) {
        throw new IllegalArgumentException(
            "unknown error class '"
                + errorClass
                + "' in retryPolicy"
                + " (known: "
                + String.join(", ", ERROR_CLASSES)
                + ")");
      }
      Checks.atLeast(retries, 0, "retryPolicy." + errorClass);
      if (retries > 0 && !RETRIABLE_ERROR_CLASSES.contains(errorClass)) {
        throw new IllegalArgumentException(
            "'"
                + errorClass
                + "' errors are never retried (a "
                + "different attempt cannot fix them); set its retries to 0 or remove it");
      }
      return retries;
    }

    /** See {@link RetryConfig#retryAfterMax()}. */
    public Builder retryAfterMax(Duration max) {
      retryAfterMax = Checks.notNegative(max, "retryAfterMax");
      return this;
    }

    /** See {@link RetryConfig#backoffInitial()}. */
    public Builder backoffInitial(Duration initial) {
      backoffInitial = Checks.positive(initial, "backoffInitial");
      return this;
    }

    /** See {@link RetryConfig#backoffMax()}. */
    public Builder backoffMax(Duration max) {
      backoffMax = Checks.positive(max, "backoffMax");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException when {@code backoffMax} is below {@code backoffInitial}
     */
    public RetryConfig build() {
      if (backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException(
            "backoffMax (" + backoffMax + ") must be >= backoffInitial (" + backoffInitial + ")");
      }
      return new RetryConfig(this);
    }
  }
}
