package dev.llmux.core.internal.routing;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.CallListener;
import dev.llmux.core.Deployment;
import dev.llmux.core.DeploymentState;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.ModelPrices;
import dev.llmux.core.Ticker;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.telemetry.CallListeners;
import dev.llmux.core.internal.telemetry.RouterMetrics;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import dev.llmux.core.internal.telemetry.Tracing;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The routing brain one router owns: state store, strategy, pre-call checks, prices, telemetry, and
 * the introspection built on them. Kept out of {@link LlmRouter} so the router class stays about
 * the request flow.
 */
public final class RouterRouting {
  /** What the builder collected for routing. */
  public static final class Setup {
    public String strategyName = SimpleShuffleStrategy.NAME;
    public @Nullable RoutingStrategy strategy;
    public final Map<String, RoutingStrategy> registered = new LinkedHashMap<>();
    public @Nullable RoutingStateStore store;
    public RoutingConfig options = RoutingConfig.ofDefaults();
    public @Nullable MeterRegistry meterRegistry;
    public @Nullable Object openTelemetry;
    public boolean tracing = true;
    public @Nullable ModelPrices prices;
    public final List<CallListener> callListeners = new ArrayList<>();

    /** Fails fast on an unknown strategy name. */
    public void validate() {
      if (strategy == null
          && !registered.containsKey(strategyName)
          && !Strategies.BUILT_IN.contains(strategyName)) {
        List<String> names = new ArrayList<>(Strategies.BUILT_IN);
        names.addAll(registered.keySet());
        throw new IllegalArgumentException(
            "unknown routing strategy '"
                + strategyName
                + "'; available: "
                + names
                + " (or register your own RoutingStrategy with the builder)");
      }
    }
  }

  final RoutingContext ctx;
  public final RoutingStrategy strategy;
  public final CandidateSelector selector;
  public final RouterTelemetry telemetry;
  final @Nullable RouterMetrics metrics;
  public final Cooldowns cooldowns;

  private RouterRouting(
      RoutingContext ctx,
      RoutingStrategy strategy,
      RouterTelemetry telemetry,
      @Nullable RouterMetrics metrics,
      Cooldowns cooldowns) {
    this.ctx = ctx;
    this.strategy = strategy;
    this.selector = new CandidateSelector(ctx);
    this.telemetry = telemetry;
    this.metrics = metrics;
    this.cooldowns = cooldowns;
  }

  public static RouterRouting create(
      Setup setup,
      Clock clock,
      Ticker ticker,
      Supplier<ModelCatalog> catalog,
      Cooldowns cooldowns,
      dev.llmux.core.governance.DeploymentCounters counters) {
    RoutingStateStore store = setup.store != null ? setup.store : RoutingStateStore.inMemory();
    ModelPrices prices = setup.prices != null ? setup.prices : ModelPrices.bundled();
    RoutingContext ctx = new RoutingContext(store, counters, clock, setup.options, prices, catalog);
    RoutingStrategy strategy =
        setup.strategy != null
            ? setup.strategy
            : setup.registered.containsKey(setup.strategyName)
                ? setup.registered.get(setup.strategyName)
                : Strategies.named(setup.strategyName, ctx);
    RouterMetrics metrics =
        setup.meterRegistry == null ? null : new RouterMetrics(setup.meterRegistry, store);
    Tracing tracing =
        setup.tracing
            ? Tracing.create(setup.openTelemetry, RouterRouting.class.getClassLoader())
            : Tracing.NOOP;
    return new RouterRouting(
        ctx,
        strategy,
        new RouterTelemetry(ctx, ticker, metrics, tracing, new CallListeners(setup.callListeners)),
        metrics,
        cooldowns);
  }

  /**
   * The cost of a call on {@code d} with {@code usage}, or {@code null} when its price is unknown.
   */
  public @Nullable Double cost(Deployment d, @Nullable Usage usage) {
    return CostCalculator.cost(ctx.price(d), usage);
  }

  /**
   * The most a call on {@code d} with {@code promptTokens} prompt tokens and at most {@code
   * outputTokens} output tokens can cost in USD, or {@code null} when its price is unknown: the
   * same effective price as {@link #cost} (the deployment's own prices over the price table's
   * entry, which is the bundled table with any overlay), in the tier the prompt's size selects
   * (above 200k tokens), each prompt token at the higher of the input and cache-write prices, each
   * output token at the higher of the output and reasoning prices. For budget reservations.
   */
  public @Nullable Double maxCost(Deployment d, int promptTokens, long outputTokens) {
    return CostCalculator.maxCost(ctx.price(d), promptTokens, outputTokens);
  }

  public DeploymentState state(Deployment d) {
    Cooldowns.Cooldown c = cooldowns.active(d.id());
    long now = ctx.nowMillis();
    long maxAge = ctx.options.latencyMaxAge().toMillis();
    RoutingStateStore.LatencyStats perToken =
        ctx.store.latency(d.id(), RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, now, maxAge);
    RoutingStateStore.LatencyStats ttft =
        ctx.store.latency(d.id(), RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, now, maxAge);
    RoutingStateStore.MinuteUsage u = ctx.usage(d.id());
    return new DeploymentState(
        d.id(),
        d.modelGroup(),
        d.provider(),
        d.model(),
        c == null,
        c == null ? null : c.until(),
        c == null ? null : c.reason(),
        perToken.samples() == 0 ? null : perToken.median(),
        ttft.samples() == 0 ? null : Duration.ofNanos((long) (ttft.median() * 1e9)),
        u.requests(),
        u.tokens(),
        d.rpm(),
        d.tpm(),
        ctx.store.inFlight(d.id()));
  }

  public void forget(String deploymentId) {
    ctx.store.remove(deploymentId);
    ctx.forget(deploymentId);
    cooldowns.forget(deploymentId);
    if (metrics != null) {
      metrics.forget(deploymentId);
    }
  }
}
