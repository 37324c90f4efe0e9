package dev.llmux.core;

import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;

/** A custom strategy for tests: always the last candidate, named {@code always-last}. */
final class LastCandidateStrategy implements RoutingStrategy {
  @Override
  public String name() {
    return "always-last";
  }

  @Override
  public Deployment pick(List<Deployment> candidates, Selection selection) {
    return candidates.get(candidates.size() - 1);
  }
}
