package dev.llmux.core.internal.pipeline;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.ModelPrices;
import dev.llmux.core.Sleeper;
import dev.llmux.core.Ticker;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.config.TimeoutConfig;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.internal.ThreadLocalRandomGenerator;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.internal.routing.Strategies;
import dev.llmux.core.internal.telemetry.Tracing;
import dev.llmux.core.spi.CooldownStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What {@code LlmRouter.Builder} collects, with the rules of each setting, handed to {@link
 * Engine#assemble}. The public builder is a thin front over this (so that the router's public class
 * stays small); the defaults of the settings live in the config objects' builders. Not thread-safe,
 * like the builder.
 */
public final class RouterSpec {
  final Map<String, ProviderConfig> providerConfigs = new LinkedHashMap<>();
  final Map<String, Provider> providerInstances = new LinkedHashMap<>();
  final List<Deployment> deployments = new ArrayList<>();
  final Map<String, String> aliases = new LinkedHashMap<>();
  final List<Interceptor> interceptors = new ArrayList<>();
  final RouterRouting.Setup routing = new RouterRouting.Setup();
  RoutingConfig routingConfig = RoutingConfig.ofDefaults();
  RetryConfig retry = RetryConfig.ofDefaults();
  FallbackConfig fallback = FallbackConfig.ofDefaults();
  CooldownConfig cooldown = CooldownConfig.ofDefaults();
  TimeoutConfig timeouts = TimeoutConfig.ofDefaults();
  CacheConfig cacheConfig = CacheConfig.ofDefaults();
  Clock clock = Clock.systemUTC();
  Ticker ticker = Ticker.system();
  Sleeper sleeper = Sleeper.system();
  RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;
  @Nullable ExecutorService executor;
  @Nullable CacheStore cacheStore;
  @Nullable CooldownStore cooldownStore;
  @Nullable GovernanceConfig governance;

  public void provider(ProviderConfig config) {
    checkNewProvider(config.name());
    providerConfigs.put(config.name(), config);
  }

  public void provider(Provider provider) {
    String name = provider.config().name();
    checkNewProvider(name);
    providerInstances.put(name, provider);
  }

  private void checkNewProvider(String name) {
    if (providerConfigs.containsKey(name) || providerInstances.containsKey(name)) {
      throw new IllegalArgumentException("provider '" + name + "' is registered twice");
    }
  }

  public void deployment(Deployment deployment) {
    deployments.add(Objects.requireNonNull(deployment, "deployment"));
  }

  public void alias(String alias, String modelGroup) {
    aliases.put(requireName(alias, "alias"), requireName(modelGroup, "modelGroup"));
  }

  /** Applies a loaded configuration (see {@code LlmRouter.Builder.config}). */
  public void apply(RouterConfig config) {
    config.providers().forEach(this::provider);
    config.deployments().forEach(d -> deployment(deployment(d)));
    config.aliases().forEach(this::alias);
    routing(config.routing());
    retry = config.retry();
    fallback = config.fallback();
    cooldown = config.cooldown();
    timeouts = config.timeouts();
    if (config.cache().enabled()) {
      cache(config.cache());
    }
    if (config.governance().isConfigured()) {
      governance = GovernanceConfig.builder(config.governance()).build();
    }
  }

  private static Deployment deployment(DeploymentConfig d) {
    return Deployment.builder(d.modelGroup(), d.provider())
        .id(d.id())
        .model(d.model())
        .weight(d.weight())
        .rpm(d.rpm())
        .tpm(d.tpm())
        .order(d.order())
        .tags(d.tags())
        .timeout(d.timeout())
        .connectTimeout(d.connectTimeout())
        .firstChunkTimeout(d.firstChunkTimeout())
        .maxInputTokens(d.maxInputTokens())
        .maxOutputTokens(d.maxOutputTokens())
        .inputCostPerToken(d.inputCostPerToken())
        .outputCostPerToken(d.outputCostPerToken())
        .maxRetries(d.maxRetries())
        .build();
  }

  /** Strategy name and routing settings; drops a strategy instance given before. */
  public void routing(RoutingConfig config) {
    routingConfig = Objects.requireNonNull(config, "config");
    routing.strategy = null;
  }

  public void strategy(String name) {
    routing(routingConfig.toBuilder().strategy(name).build());
  }

  public void strategy(RoutingStrategy strategy) {
    routing.strategy = Objects.requireNonNull(strategy, "strategy");
  }

  public void registerStrategy(String name, RoutingStrategy strategy) {
    if (Strategies.BUILT_IN.contains(requireName(name, "strategy name"))) {
      throw new IllegalArgumentException("strategy name '" + name + "' is built in");
    }
    routing.registered.put(name, Objects.requireNonNull(strategy, "strategy"));
  }

  public void retry(RetryConfig config) {
    retry = Objects.requireNonNull(config, "config");
  }

  public void fallback(FallbackConfig config) {
    fallback = Objects.requireNonNull(config, "config");
  }

  public void fallbacks(String modelGroup, List<String> fallbackGroups) {
    fallback(fallback.toBuilder().fallbacks(modelGroup, fallbackGroups).build());
  }

  public void cooldown(CooldownConfig config) {
    cooldown = Objects.requireNonNull(config, "config");
  }

  public void timeouts(TimeoutConfig config) {
    timeouts = Objects.requireNonNull(config, "config");
  }

  public void stateStore(dev.llmux.core.spi.RoutingStateStore store) {
    routing.store = Objects.requireNonNull(store, "store");
  }

  public void cooldownStore(CooldownStore store) {
    cooldownStore = Objects.requireNonNull(store, "store");
  }

  public void meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
    routing.meterRegistry = Objects.requireNonNull(registry, "registry");
  }

  public void openTelemetry(Object openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    if (!Tracing.isOpenTelemetry(openTelemetry, RouterSpec.class.getClassLoader())) {
      throw new IllegalArgumentException(
          "openTelemetry must be an "
              + "io.opentelemetry.api.OpenTelemetry, got "
              + openTelemetry.getClass().getName());
    }
    routing.openTelemetry = openTelemetry;
    routing.tracing = true;
  }

  public void tracing(boolean enabled) {
    routing.tracing = enabled;
  }

  public void modelPrices(ModelPrices prices) {
    routing.prices = Objects.requireNonNull(prices, "prices");
  }

  public void modelPrices(Path liteLlmFile) {
    ModelPrices base = routing.prices != null ? routing.prices : ModelPrices.bundled();
    routing.prices = base.with(liteLlmFile);
  }

  public void callListener(dev.llmux.core.CallListener listener) {
    routing.callListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void interceptor(Interceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
  }

  public void clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public void ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  public void sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  public void random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public void executor(ExecutorService executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  public void cache(CacheStore store) {
    this.cacheStore = Objects.requireNonNull(store, "store");
  }

  public void cache(CacheConfig config) {
    cacheConfig = Objects.requireNonNull(config, "config");
    if (config.enabled() && "local".equals(config.type())) {
      cacheStore = CacheStore.inMemory(config.maxEntries(), config.maxBytes());
    } else if (config.enabled() && cacheStore == null) {
      throw new IllegalArgumentException(
          "cache.type '"
              + config.type()
              + "' needs a shared cache"
              + " store (the llmux-redis module); use 'local' or pass a CacheStore with cache(...)"
              + " before config(...)");
    }
  }

  public void governance(GovernanceConfig governance) {
    this.governance = Objects.requireNonNull(governance, "governance");
  }

  /** Validates what {@code build()} needs and returns the engine's reliability settings. */
  RouterSettings validate() {
    if (deployments.isEmpty()) {
      throw new IllegalArgumentException("at least one deployment is required");
    }
    routing.strategyName = routingConfig.strategy();
    routing.options = routingConfig;
    routing.validate();
    return RouterSettings.of(retry, fallback, cooldown, timeouts);
  }

  private static String requireName(@Nullable String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-empty name");
    }
    return s;
  }
}
