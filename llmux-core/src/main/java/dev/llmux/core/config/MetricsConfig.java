package dev.llmux.core.config;

import java.util.Objects;

/**
 * Where an LLMux service serves its Prometheus metrics ({@code metrics: {enabled, path}}, the
 * original LLMux's section). The router records its meters in whatever {@code MeterRegistry} it is
 * given; this only tells the facade whether and where to serve them. Immutable and thread-safe.
 */
public final class MetricsConfig {
  /** The default path. */
  public static final String DEFAULT_PATH = "/metrics";

  private static final MetricsConfig DEFAULTS = custom().build();

  private final boolean enabled;
  private final String path;

  private MetricsConfig(Builder b) {
    enabled = b.enabled;
    path = b.path;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default: enabled, on {@code /metrics}. */
  public static MetricsConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    return new Builder().enabled(enabled).path(path);
  }

  /** Whether metrics are served at all; default true. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The HTTP path of the Prometheus text format; starts with {@code /}, no query, no blanks;
   * default {@code /metrics}.
   */
  public String path() {
    return path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricsConfig c && enabled == c.enabled && path.equals(c.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, path);
  }

  @Override
  public String toString() {
    return "MetricsConfig{enabled=" + enabled + ", path=" + path + "}";
  }

  /** Builder of {@link MetricsConfig}, starting from the defaults. */
  public static final class Builder {
    private boolean enabled = true;
    private String path = DEFAULT_PATH;

    private Builder() {}

    /** See {@link MetricsConfig#enabled()}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** See {@link MetricsConfig#path()}. */
    public Builder path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")
          || path.length() < 2
          || path.indexOf('?') >= 0
          || path.indexOf('#') >= 0
          || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw new IllegalArgumentException(
            "path must start with '/', name something after it and hold no query, '#' or blanks,"
                + " got '"
                + path
                + "'");
      }
      this.path = path;
      return this;
    }

    /** The configuration. */
    public MetricsConfig build() {
      return new MetricsConfig(this);
    }
  }
}
