package dev.llmux.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes the candidates in turn, one counter per model group. When a deployment is cooling down the
 * turn passes over it (the counter indexes the current candidate list).
 */
final class RoundRobinStrategy implements RoutingStrategy {
  static final String NAME = "round-robin";

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Deployment pick(List<Deployment> candidates, Selection selection) {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    long turn = counters.computeIfAbsent(selection.modelGroup(), k -> new AtomicLong()).getAndIncrement();
    return candidates.get((int) Math.floorMod(turn, (long) candidates.size()));
  }
}
