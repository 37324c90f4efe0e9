package dev.llmux.core.config;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When a failing deployment leaves the rotation, and for how long. Immutable and thread-safe. YAML:
 * {@code routing.cooldown_time}, {@code allowed_fails}, {@code failure_threshold}, {@code
 * failure_min_calls}, {@code failure_window} (LiteLLM: {@code cooldown_time}, {@code
 * allowed_fails}).
 *
 * <pre>{@code
 * CooldownConfig cooldown = CooldownConfig.custom()
 *     .cooldownTime(Duration.ofSeconds(30))
 *     .allowedFails(5)
 *     .build();
 * LlmRouter.builder().cooldown(cooldown)...
 * }</pre>
 *
 * <p>Each deployment counts its calls and failures in a window of {@link #failureWindow()}. It
 * cools down for {@link #cooldownTime()} when its failures exceed {@link #allowedFails()}, or when
 * it has at least {@link #failureMinCalls()} calls and its failure rate reaches {@link
 * #failureThreshold()}. A rate limit, authentication or not-found answer from upstream cools a
 * deployment down at once (for the upstream's {@code retry-after} when that is longer). None of
 * these rules cools down the only deployment of a model group: there is nothing to route to
 * instead, so its failures are retried with backoff and reported.
 */
public final class CooldownConfig {

  private static final CooldownConfig DEFAULTS = custom().build();

  private final Duration cooldownTime;
  private final int allowedFails;
  private final double failureThreshold;
  private final int failureMinCalls;
  private final Duration failureWindow;

  private CooldownConfig(Builder b) {
    cooldownTime = b.cooldownTime;
    allowedFails = b.allowedFails;
    failureThreshold = b.failureThreshold;
    failureMinCalls = b.failureMinCalls;
    failureWindow = b.failureWindow;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default. */
  public static CooldownConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.cooldownTime = cooldownTime;
    b.allowedFails = allowedFails;
    b.failureThreshold = failureThreshold;
    b.failureMinCalls = failureMinCalls;
    b.failureWindow = failureWindow;
    return b;
  }

  /** How long a cooled-down deployment is skipped. Positive; default 5 seconds. */
  public Duration cooldownTime() {
    return cooldownTime;
  }

  /**
   * Failures a deployment may have within {@link #failureWindow()}; one more cools it down. At
   * least 0; default 3.
   */
  public int allowedFails() {
    return allowedFails;
  }

  /**
   * Failure rate (failures / calls within the window) that cools a deployment down. In (0, 1];
   * default 0.5.
   */
  public double failureThreshold() {
    return failureThreshold;
  }

  /** Calls needed within the window before the failure rate counts. At least 1; default 5. */
  public int failureMinCalls() {
    return failureMinCalls;
  }

  /** Window of the call and failure counts. Positive; default 60 seconds. */
  public Duration failureWindow() {
    return failureWindow;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CooldownConfig c
        && cooldownTime.equals(c.cooldownTime)
        && allowedFails == c.allowedFails
        && Double.compare(failureThreshold, c.failureThreshold) == 0
        && failureMinCalls == c.failureMinCalls
        && failureWindow.equals(c.failureWindow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        cooldownTime, allowedFails, failureThreshold, failureMinCalls, failureWindow);
  }

  @Override
  public String toString() {
    return "CooldownConfig{cooldownTime="
        + cooldownTime
        + ", allowedFails="
        + allowedFails
        + ", failureThreshold="
        + failureThreshold
        + ", failureMinCalls="
        + failureMinCalls
        + ", failureWindow="
        + failureWindow
        + "}";
  }

  /**
   * Builder of {@link CooldownConfig}, starting from the defaults. Each setter rejects an invalid
   * value at once with an {@link IllegalArgumentException} naming the setting; the accessors of
   * {@link CooldownConfig} document each setting.
   */
  public static final class Builder {
    private Duration cooldownTime = Duration.ofSeconds(5);
    private int allowedFails = 3;
    private double failureThreshold = 0.5;
    private int failureMinCalls = 5;
    private Duration failureWindow = Duration.ofSeconds(60);

    private Builder() {}

    /** See {@link CooldownConfig#cooldownTime()}. */
    public Builder cooldownTime(Duration time) {
      cooldownTime = Checks.positive(time, "cooldownTime");
      return this;
    }

    /** See {@link CooldownConfig#allowedFails()}. */
    public Builder allowedFails(int fails) {
      allowedFails = Checks.atLeast(fails, 0, "allowedFails");
      return this;
    }

    /** See {@link CooldownConfig#failureThreshold()}. */
    public Builder failureThreshold(double rate) {
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException("failureThreshold must be in (0, 1], got " + rate);
      }
      failureThreshold = rate;
      return this;
    }

    /** See {@link CooldownConfig#failureMinCalls()}. */
    public Builder failureMinCalls(int calls) {
      failureMinCalls = Checks.atLeast(calls, 1, "failureMinCalls");
      return this;
    }

    /** See {@link CooldownConfig#failureWindow()}. */
    public Builder failureWindow(Duration window) {
      failureWindow = Checks.positive(window, "failureWindow");
      return this;
    }

    /** The configuration. */
    public CooldownConfig build() {
      return new CooldownConfig(this);
    }
  }
}
