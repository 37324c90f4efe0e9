package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.spi.InMemoryRoutingStateStore;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;

/**
 * Takes the candidates in turn, one counter per model group. When a deployment is cooling down the
 * turn passes over it (the counter indexes the current candidate list). The counters live in the
 * router's {@link RoutingStateStore}, so routers sharing one store continue one sequence.
 */
final class RoundRobinStrategy implements RoutingStrategy {
  static final String NAME = "round-robin";

  private final RoutingStateStore store;

  /** Counters of its own (a private in-memory store). */
  RoundRobinStrategy() {
    this(new InMemoryRoutingStateStore());
  }

  RoundRobinStrategy(RoutingStateStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Deployment pick(List<Deployment> candidates, Selection selection) {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    long turn = store.nextTurn(selection.modelGroup());
    return candidates.get((int) Math.floorMod(turn, (long) candidates.size()));
  }
}
