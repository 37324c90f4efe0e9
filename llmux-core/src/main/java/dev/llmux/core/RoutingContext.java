package dev.llmux.core;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** What the built-in strategies and pre-call checks share: state store, clock, prices, options. */
final class RoutingContext {
  final RoutingStateStore store;
  final Clock clock;
  final RoutingOptions options;
  private final ModelPrices prices;
  private final Supplier<ModelCatalog> catalog;
  private final Map<String, Priced> priceCache = new ConcurrentHashMap<>();

  private record Priced(Deployment deployment, ModelPrice price) {}

  RoutingContext(RoutingStateStore store, Clock clock, RoutingOptions options, ModelPrices prices,
      Supplier<ModelCatalog> catalog) {
    this.store = store;
    this.clock = clock;
    this.options = options;
    this.prices = prices;
    this.catalog = catalog;
  }

  long nowMillis() {
    return clock.millis();
  }

  /** The current epoch minute, the key of per-minute usage. */
  long minute() {
    return Math.floorDiv(clock.millis(), 60_000L);
  }

  /** The deployment's effective price and limits: its own settings over the price table's entry. */
  ModelPrice price(Deployment d) {
    Priced p = priceCache.get(d.id());
    if (p != null && p.deployment() == d) {
      return p.price();
    }
    ModelPrice price = prices.lookup(providerType(d), d.model()).overriddenBy(d);
    if (priceCache.size() < 10_000) {
      priceCache.put(d.id(), new Priced(d, price));
    }
    return price;
  }

  /** The deployment's provider type ({@code openai}, {@code azure}, ...), or {@code null}. */
  String providerType(Deployment d) {
    ModelCatalog c = catalog.get();
    var provider = c == null ? null : c.provider(d.provider());
    return provider == null ? null : provider.config().type();
  }

  void forget(String deploymentId) {
    priceCache.remove(deploymentId);
  }
}
