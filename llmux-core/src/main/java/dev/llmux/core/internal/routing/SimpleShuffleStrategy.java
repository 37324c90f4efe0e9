package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Picks at random, weighted by {@code weight} when any candidate has one (a candidate without a
 * weight counts 1), else by {@code rpm}, else by {@code tpm}, else uniformly.
 */
final class SimpleShuffleStrategy implements RoutingStrategy {
  static final String NAME = "simple-shuffle";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Deployment pick(List<Deployment> candidates, Selection selection) {
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    double[] w = weights(candidates);
    if (w == null) {
      return candidates.get(selection.random().nextInt(n));
    }
    double total = 0;
    for (double x : w) {
      total += x;
    }
    if (total <= 0) {
      return candidates.get(selection.random().nextInt(n));
    }
    double r = selection.random().nextDouble() * total;
    for (int i = 0; i < n; i++) {
      r -= w[i];
      if (r < 0) {
        return candidates.get(i);
      }
    }
    return candidates.get(n - 1);
  }

  private static double @Nullable [] weights(List<Deployment> candidates) {
    int n = candidates.size();
    boolean anyWeight = false;
    boolean anyRpm = false;
    boolean anyTpm = false;
    for (Deployment d : candidates) {
      anyWeight |= d.weight() != null;
      anyRpm |= d.rpm() != null;
      anyTpm |= d.tpm() != null;
    }
    if (!anyWeight && !anyRpm && !anyTpm) {
      return null;
    }
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      Deployment d = candidates.get(i);
      if (anyWeight) {
        w[i] = d.weight() != null ? d.weight() : 1.0;
      } else if (anyRpm) {
        w[i] = d.rpm() != null ? d.rpm() : 0.0;
      } else {
        w[i] = d.tpm() != null ? d.tpm() : 0.0;
      }
    }
    return w;
  }
}
