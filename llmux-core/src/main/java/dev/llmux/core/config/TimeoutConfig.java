package dev.llmux.core.config;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The router-wide timeouts of one attempt on a deployment. A deployment's own timeouts override
 * them, and {@code RequestContext.timeout} overrides {@link #timeout()} for one request. Immutable
 * and thread-safe. YAML: {@code routing.timeout}, {@code connect_timeout}, {@code
 * first_chunk_timeout} (LiteLLM: {@code router_settings.timeout} / {@code stream_timeout}, {@code
 * litellm_settings.request_timeout}).
 *
 * <pre>{@code
 * LlmRouter.builder().timeouts(TimeoutConfig.custom().timeout(Duration.ofSeconds(60)).build())...
 * }</pre>
 */
public final class TimeoutConfig {

  private static final TimeoutConfig DEFAULTS = custom().build();

  private final Duration timeout;
  private final Duration connectTimeout;
  private final Duration firstChunkTimeout;

  private TimeoutConfig(Builder b) {
    timeout = b.timeout;
    connectTimeout = b.connectTimeout;
    firstChunkTimeout = b.firstChunkTimeout;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default. */
  public static TimeoutConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    return new Builder()
        .timeout(timeout)
        .connectTimeout(connectTimeout)
        .firstChunkTimeout(firstChunkTimeout);
  }

  /**
   * Per-attempt timeout: for a non-streamed call the whole call, for a stream the longest gap
   * between chunks. Positive; default 600 seconds.
   */
  public Duration timeout() {
    return timeout;
  }

  /** Time allowed to open the connection. Positive; default 10 seconds. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Time allowed until a stream's first chunk (capped at the attempt's {@link #timeout()}).
   * Positive; default 60 seconds.
   */
  public Duration firstChunkTimeout() {
    return firstChunkTimeout;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TimeoutConfig c
        && timeout.equals(c.timeout)
        && connectTimeout.equals(c.connectTimeout)
        && firstChunkTimeout.equals(c.firstChunkTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, connectTimeout, firstChunkTimeout);
  }

  @Override
  public String toString() {
    return "TimeoutConfig{timeout="
        + timeout
        + ", connectTimeout="
        + connectTimeout
        + ", firstChunkTimeout="
        + firstChunkTimeout
        + "}";
  }

  /**
   * Builder of {@link TimeoutConfig}, starting from the defaults. Each setter rejects an invalid
   * value at once with an {@link IllegalArgumentException} naming the setting; the accessors of
   * {@link TimeoutConfig} document each setting.
   */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(600);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration firstChunkTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** See {@link TimeoutConfig#timeout()}. */
    public Builder timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout");
      return this;
    }

    /** See {@link TimeoutConfig#connectTimeout()}. */
    public Builder connectTimeout(Duration timeout) {
      connectTimeout = Checks.positive(timeout, "connectTimeout");
      return this;
    }

    /** See {@link TimeoutConfig#firstChunkTimeout()}. */
    public Builder firstChunkTimeout(Duration timeout) {
      firstChunkTimeout = Checks.positive(timeout, "firstChunkTimeout");
      return this;
    }

    /** The configuration. */
    public TimeoutConfig build() {
      return new TimeoutConfig(this);
    }
  }
}
