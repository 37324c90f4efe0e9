package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.ModelPrice;
import dev.llmux.core.ModelPrices;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.governance.DeploymentCounters;
import dev.llmux.core.spi.RoutingStateStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** What the built-in strategies and pre-call checks share: state store, clock, prices, options. */
public final class RoutingContext {
  public final RoutingStateStore store;

  /** Per-deployment request and token counters: the rate limits' CounterStore, shared with them. */
  public final DeploymentCounters counters;

  final Clock clock;
  public final RoutingConfig options;
  private final ModelPrices prices;
  private final Supplier<ModelCatalog> catalog;
  private final Map<String, Priced> priceCache = new ConcurrentHashMap<>();

  private record Priced(Deployment deployment, ModelPrice price) {}

  RoutingContext(
      RoutingStateStore store,
      DeploymentCounters counters,
      Clock clock,
      RoutingConfig options,
      ModelPrices prices,
      Supplier<ModelCatalog> catalog) {
    this.store = store;
    this.counters = counters;
    this.clock = clock;
    this.options = options;
    this.prices = prices;
    this.catalog = catalog;
  }

  public long nowMillis() {
    return clock.millis();
  }

  /** Requests and tokens on the deployment in the last minute (a sliding window). */
  RoutingStateStore.MinuteUsage usage(String deploymentId) {
    return new RoutingStateStore.MinuteUsage(
        counters.requestsInLastMinute(deploymentId), counters.tokensInLastMinute(deploymentId));
  }

  /** The deployment's effective price and limits: its own settings over the price table's entry. */
  ModelPrice price(Deployment d) {
    Priced p = priceCache.get(d.id());
    if (p != null && p.deployment() == d) {
      return p.price();
    }
    ModelPrice price = CostCalculator.priceFor(prices.lookup(providerType(d), d.model()), d);
    if (priceCache.size() < 10_000) {
      priceCache.put(d.id(), new Priced(d, price));
    }
    return price;
  }

  /** The deployment's provider type ({@code openai}, {@code azure}, ...), or {@code null}. */
  public @Nullable String providerType(Deployment d) {
    ModelCatalog c = catalog.get();
    var provider = c == null ? null : c.provider(d.provider());
    return provider == null ? null : provider.config().type();
  }

  void forget(String deploymentId) {
    priceCache.remove(deploymentId);
  }
}
