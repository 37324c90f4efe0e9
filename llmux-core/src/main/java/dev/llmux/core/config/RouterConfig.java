package dev.llmux.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.spi.ProviderConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a configuration file (or the Spring properties) declares: provider instances,
 * deployments, aliases, one config object per concern, budgets and rate limits, the service
 * sections a router does not read itself ({@code deployment}, {@code metrics}, {@code tracing}:
 * read by the facade), plus the raw sections other modules registered (see {@link
 * ConfigLoader#load(java.nio.file.Path, java.util.Set)}). Apply it with {@code
 * LlmRouter.Builder.config(..)}. Immutable; lists and maps keep file order.
 */
public final class RouterConfig {

  private static final RouterConfig EMPTY = custom().build();

  private final List<ProviderConfig> providers;
  private final List<DeploymentConfig> deployments;
  private final Map<String, String> aliases;
  private final RoutingConfig routing;
  private final RetryConfig retry;
  private final FallbackConfig fallback;
  private final CooldownConfig cooldown;
  private final TimeoutConfig timeouts;
  private final CacheConfig cache;
  private final GovernanceSettings governance;
  private final DeploymentMode deploymentMode;
  private final MetricsConfig metrics;
  private final TracingConfig tracing;
  private final Map<String, JsonNode> extensions;

  private RouterConfig(Builder b) {
    providers = List.copyOf(b.providers);
    deployments = List.copyOf(b.deployments);
    aliases = copy(b.aliases);
    routing = b.routing;
    retry = b.retry;
    fallback = b.fallback;
    cooldown = b.cooldown;
    timeouts = b.timeouts;
    cache = b.cache;
    governance = b.governance;
    deploymentMode = b.deploymentMode;
    metrics = b.metrics;
    tracing = b.tracing;
    extensions = copy(b.extensions);
  }

  /**
   * A builder of an empty configuration: no providers, deployments or aliases, default settings.
   */
  public static Builder custom() {
    return new Builder();
  }

  /** No providers, no deployments, no aliases, every setting at its default. */
  public static RouterConfig empty() {
    return EMPTY;
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .providers(providers)
        .deployments(deployments)
        .aliases(aliases)
        .routing(routing)
        .retry(retry)
        .fallback(fallback)
        .cooldown(cooldown)
        .timeouts(timeouts)
        .cache(cache)
        .governance(governance)
        .deploymentMode(deploymentMode)
        .metrics(metrics)
        .tracing(tracing)
        .extensions(extensions);
  }

  /** One entry per provider instance, names unique. */
  public List<ProviderConfig> providers() {
    return providers;
  }

  /** Every deployment, ids unique, each naming a provider of {@link #providers()}. */
  public List<DeploymentConfig> deployments() {
    return deployments;
  }

  /** Alias to model group name. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** Strategy and routing settings. */
  public RoutingConfig routing() {
    return routing;
  }

  /** Retry settings. */
  public RetryConfig retry() {
    return retry;
  }

  /** Fallback settings. */
  public FallbackConfig fallback() {
    return fallback;
  }

  /** Cooldown settings. */
  public CooldownConfig cooldown() {
    return cooldown;
  }

  /** Router-wide timeouts. */
  public TimeoutConfig timeouts() {
    return timeouts;
  }

  /** Response cache settings. */
  public CacheConfig cache() {
    return cache;
  }

  /** Budgets and rate limits ({@code budgets}, {@code limits}, {@code governance}). */
  public GovernanceSettings governance() {
    return governance;
  }

  /** {@code deployment.mode}; default {@link DeploymentMode#STANDALONE}. Read by the facade. */
  public DeploymentMode deploymentMode() {
    return deploymentMode;
  }

  /** The {@code metrics} section: whether and where metrics are served. Read by the facade. */
  public MetricsConfig metrics() {
    return metrics;
  }

  /** The {@code tracing} section: OTLP export settings. Read by the facade. */
  public TracingConfig tracing() {
    return tracing;
  }

  /** Registered top-level sections, unvalidated, by section name. */
  public Map<String, JsonNode> extensions() {
    return extensions;
  }

  /** The provider instance named {@code name}, or null. */
  public @Nullable ProviderConfig provider(String name) {
    for (ProviderConfig p : providers) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RouterConfig c
        && providers.equals(c.providers)
        && deployments.equals(c.deployments)
        && aliases.equals(c.aliases)
        && routing.equals(c.routing)
        && retry.equals(c.retry)
        && fallback.equals(c.fallback)
        && cooldown.equals(c.cooldown)
        && timeouts.equals(c.timeouts)
        && cache.equals(c.cache)
        && governance.equals(c.governance)
        && deploymentMode == c.deploymentMode
        && metrics.equals(c.metrics)
        && tracing.equals(c.tracing)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        providers,
        deployments,
        aliases,
        routing,
        retry,
        fallback,
        cooldown,
        timeouts,
        cache,
        governance,
        deploymentMode,
        metrics,
        tracing,
        extensions);
  }

  @Override
  public String toString() {
    return "RouterConfig{providers="
        + providers
        + ", deployments="
        + deployments
        + ", aliases="
        + aliases
        + ", routing="
        + routing
        + ", retry="
        + retry
        + ", fallback="
        + fallback
        + ", cooldown="
        + cooldown
        + ", timeouts="
        + timeouts
        + ", cache="
        + cache
        + ", governance="
        + governance
        + ", deploymentMode="
        + deploymentMode
        + ", metrics="
        + metrics
        + ", tracing="
        + tracing
        + ", extensions="
        + extensions.keySet()
        + "}";
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    if (m.isEmpty()) {
      return Map.of();
    }
    m.forEach((k, v) -> Objects.requireNonNull(v, k));
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Builder of {@link RouterConfig}; every part starts empty or at its defaults. */
  public static final class Builder {
    private List<ProviderConfig> providers = List.of();
    private List<DeploymentConfig> deployments = List.of();
    private Map<String, String> aliases = Map.of();
    private RoutingConfig routing = RoutingConfig.ofDefaults();
    private RetryConfig retry = RetryConfig.ofDefaults();
    private FallbackConfig fallback = FallbackConfig.ofDefaults();
    private CooldownConfig cooldown = CooldownConfig.ofDefaults();
    private TimeoutConfig timeouts = TimeoutConfig.ofDefaults();
    private CacheConfig cache = CacheConfig.ofDefaults();
    private GovernanceSettings governance = GovernanceSettings.none();
    private DeploymentMode deploymentMode = DeploymentMode.STANDALONE;
    private MetricsConfig metrics = MetricsConfig.ofDefaults();
    private TracingConfig tracing = TracingConfig.ofDefaults();
    private Map<String, JsonNode> extensions = Map.of();

    private Builder() {}

    /** See {@link RouterConfig#providers()}. */
    public Builder providers(List<ProviderConfig> providers) {
      this.providers = List.copyOf(providers);
      return this;
    }

    /** See {@link RouterConfig#deployments()}. */
    public Builder deployments(List<DeploymentConfig> deployments) {
      this.deployments = List.copyOf(deployments);
      return this;
    }

    /** See {@link RouterConfig#aliases()}. */
    public Builder aliases(Map<String, String> aliases) {
      this.aliases = copy(Objects.requireNonNull(aliases, "aliases"));
      return this;
    }

    /** See {@link RouterConfig#routing()}. */
    public Builder routing(RoutingConfig routing) {
      this.routing = Objects.requireNonNull(routing, "routing");
      return this;
    }

    /** See {@link RouterConfig#retry()}. */
    public Builder retry(RetryConfig retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** See {@link RouterConfig#fallback()}. */
    public Builder fallback(FallbackConfig fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** See {@link RouterConfig#cooldown()}. */
    public Builder cooldown(CooldownConfig cooldown) {
      this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
      return this;
    }

    /** See {@link RouterConfig#timeouts()}. */
    public Builder timeouts(TimeoutConfig timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /** See {@link RouterConfig#cache()}. */
    public Builder cache(CacheConfig cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** See {@link RouterConfig#governance()}. */
    public Builder governance(GovernanceSettings governance) {
      this.governance = Objects.requireNonNull(governance, "governance");
      return this;
    }

    /** See {@link RouterConfig#deploymentMode()}. */
    public Builder deploymentMode(DeploymentMode mode) {
      this.deploymentMode = Objects.requireNonNull(mode, "deploymentMode");
      return this;
    }

    /** See {@link RouterConfig#metrics()}. */
    public Builder metrics(MetricsConfig metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** See {@link RouterConfig#tracing()}. */
    public Builder tracing(TracingConfig tracing) {
      this.tracing = Objects.requireNonNull(tracing, "tracing");
      return this;
    }

    /** See {@link RouterConfig#extensions()}. */
    public Builder extensions(Map<String, JsonNode> extensions) {
      this.extensions = copy(Objects.requireNonNull(extensions, "extensions"));
      return this;
    }

    /** The configuration. */
    public RouterConfig build() {
      return new RouterConfig(this);
    }
  }
}
