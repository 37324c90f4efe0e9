package dev.llmux.core;

import java.util.List;

/** The built-in routing strategies by name. */
final class Strategies {
  static final List<String> BUILT_IN = List.of(SimpleShuffleStrategy.NAME, RoundRobinStrategy.NAME);

  private Strategies() {}

  static RoutingStrategy named(String name) {
    switch (name) {
      case SimpleShuffleStrategy.NAME:
        return new SimpleShuffleStrategy();
      case RoundRobinStrategy.NAME:
        return new RoundRobinStrategy();
      default:
        throw new IllegalArgumentException(
            "unknown routing strategy '" + name + "'; available: " + BUILT_IN
                + " (or register your own RoutingStrategy with the builder)");
    }
  }
}
