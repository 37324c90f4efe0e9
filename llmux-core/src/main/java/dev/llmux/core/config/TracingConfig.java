package dev.llmux.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;

/**
 * Export of traces over OTLP ({@code tracing:}, the original LLMux's section plus {@code protocol}
 * and {@code sample_ratio}). The settings are read and validated now; what exports them is the
 * service's business (the facade). Immutable and thread-safe.
 */
public final class TracingConfig {
  /** The OTLP protocols: {@code grpc} (default, port 4317) and {@code http/protobuf} (4318). */
  public static final List<String> PROTOCOLS = List.of("grpc", "http/protobuf");

  /** The default endpoint: an OTLP gRPC collector on this host. */
  public static final String DEFAULT_ENDPOINT = "localhost:4317";

  private static final TracingConfig DEFAULTS = custom().build();

  private final boolean enabled;
  private final String endpoint;
  private final String protocol;
  private final double sampleRatio;
  private final String serviceName;
  private final boolean insecure;

  private TracingConfig(Builder b) {
    enabled = b.enabled;
    endpoint = b.endpoint;
    protocol = b.protocol;
    sampleRatio = b.sampleRatio;
    serviceName = b.serviceName;
    insecure = b.insecure;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default: disabled. */
  public static TracingConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    return new Builder()
        .enabled(enabled)
        .endpoint(endpoint)
        .protocol(protocol)
        .sampleRatio(sampleRatio)
        .serviceName(serviceName)
        .insecure(insecure);
  }

  /** Whether traces are exported; default false. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The collector: {@code host:port} or an {@code http://} / {@code https://} URL; default {@code
   * localhost:4317}.
   */
  public String endpoint() {
    return endpoint;
  }

  /** {@code grpc} (default) or {@code http/protobuf}. */
  public String protocol() {
    return protocol;
  }

  /** The fraction of traces kept, in [0, 1]; default 1 (the original's {@code sample_rate}). */
  public double sampleRatio() {
    return sampleRatio;
  }

  /** The {@code service.name} resource attribute; default {@code llmux}. */
  public String serviceName() {
    return serviceName;
  }

  /**
   * For a {@code host:port} endpoint: plain text (true, the default, as in the original) or TLS; a
   * URL's scheme decides for itself.
   */
  public boolean insecure() {
    return insecure;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TracingConfig c
        && enabled == c.enabled
        && endpoint.equals(c.endpoint)
        && protocol.equals(c.protocol)
        && Double.compare(sampleRatio, c.sampleRatio) == 0
        && serviceName.equals(c.serviceName)
        && insecure == c.insecure;
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, endpoint, protocol, sampleRatio, serviceName, insecure);
  }

  @Override
  public String toString() {
    return "TracingConfig{enabled="
        + enabled
        + ", endpoint="
        + endpoint
        + ", protocol="
        + protocol
        + ", sampleRatio="
        + sampleRatio
        + ", serviceName="
        + serviceName
        + ", insecure="
        + insecure
        + "}";
  }

  /** Builder of {@link TracingConfig}, starting from the defaults. */
  public static final class Builder {
    private boolean enabled;
    private String endpoint = DEFAULT_ENDPOINT;
    private String protocol = PROTOCOLS.get(0);
    private double sampleRatio = 1.0;
    private String serviceName = "llmux";
    private boolean insecure = true;

    private Builder() {}

    /** See {@link TracingConfig#enabled()}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** See {@link TracingConfig#endpoint()}. */
    public Builder endpoint(String endpoint) {
      this.endpoint = checkEndpoint(endpoint);
      return this;
    }

    /** See {@link TracingConfig#protocol()}. */
    public Builder protocol(String protocol) {
      if (!PROTOCOLS.contains(protocol)) {
        throw new IllegalArgumentException(
            "protocol must be one of " + String.join(", ", PROTOCOLS) + ", got '" + protocol + "'");
      }
      this.protocol = protocol;
      return this;
    }

    /** See {@link TracingConfig#sampleRatio()}. */
    public Builder sampleRatio(double ratio) {
      this.sampleRatio = Checks.range(ratio, 0, 1, "sampleRatio");
      return this;
    }

    /** See {@link TracingConfig#serviceName()}. */
    public Builder serviceName(String name) {
      this.serviceName = Checks.name(name, "serviceName");
      return this;
    }

    /** See {@link TracingConfig#insecure()}. */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** The configuration. */
    public TracingConfig build() {
      return new TracingConfig(this);
    }

    private static String checkEndpoint(String endpoint) {
      String e = Checks.name(endpoint, "endpoint").trim();
      String bad =
          "endpoint must be host:port or an http:// or https:// URL with a host, got '"
              + endpoint
              + "'";
      try {
        if (e.contains("://")) {
          URI u = new URI(e);
          if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
              || u.getHost() == null) {
            throw new IllegalArgumentException(bad);
          }
          return e;
        }
        URI u = new URI("http://" + e);
        if (u.getHost() == null
            || u.getPort() < 1
            || u.getPort() > 65535
            || !(u.getPath() == null || u.getPath().isEmpty())) {
          throw new IllegalArgumentException(bad);
        }
        return e;
      } catch (URISyntaxException x) {
        throw new IllegalArgumentException(bad, x);
      }
    }
  }
}
