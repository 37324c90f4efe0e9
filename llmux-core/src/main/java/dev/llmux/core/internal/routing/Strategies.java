package dev.llmux.core.internal.routing;

import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;

/** The built-in routing strategies by name. */
public final class Strategies {
  public static final List<String> BUILT_IN =
      List.of(
          SimpleShuffleStrategy.NAME,
          RoundRobinStrategy.NAME,
          LowestLatencyStrategy.NAME,
          LeastBusyStrategy.NAME,
          LowestTpmRpmStrategy.NAME,
          LowestCostStrategy.NAME);

  private Strategies() {}

  /** A built-in strategy by name; stateful ones read {@code ctx}. */
  static RoutingStrategy named(String name, RoutingContext ctx) {
    switch (name) {
      case SimpleShuffleStrategy.NAME:
        return new SimpleShuffleStrategy();
      case RoundRobinStrategy.NAME:
        return new RoundRobinStrategy(ctx.store);
      case LowestLatencyStrategy.NAME:
        return new LowestLatencyStrategy(ctx);
      case LeastBusyStrategy.NAME:
        return new LeastBusyStrategy(ctx);
      case LowestTpmRpmStrategy.NAME:
        return new LowestTpmRpmStrategy(ctx);
      case LowestCostStrategy.NAME:
        return new LowestCostStrategy(ctx);
      default:
        throw new IllegalArgumentException(
            "unknown routing strategy '"
                + name
                + "'; available: "
                + BUILT_IN
                + " (or register your own RoutingStrategy with the builder)");
    }
  }
}
