package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import java.util.List;
import java.util.random.RandomGenerator;

/** Helpers shared by the strategies. */
final class Picks {
  private Picks() {}

  /**
   * The candidate with the lowest score, ties (scores equal within a relative 1e-9) broken
   * uniformly at random by reservoir sampling.
   */
  static Deployment lowest(List<Deployment> candidates, double[] scores, RandomGenerator random) {
    int n = candidates.size();
    double best = Double.POSITIVE_INFINITY;
    for (double s : scores) {
      best = Math.min(best, s);
    }
    Deployment chosen = null;
    int ties = 0;
    for (int i = 0; i < n; i++) {
      if (same(scores[i], best)) {
        ties++;
        if (ties == 1 || random.nextInt(ties) == 0) {
          chosen = candidates.get(i);
        }
      }
    }
    return chosen != null ? chosen : candidates.get(random.nextInt(n));
  }

  static boolean same(double a, double b) {
    if (a == b) {
      return true;
    }
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
}
