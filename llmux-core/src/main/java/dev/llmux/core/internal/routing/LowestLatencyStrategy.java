package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends requests to the deployment that has answered fastest recently. Non-streamed requests
 * compare seconds per output token; streamed ones, time to first token. A deployment's figure is
 * the median of its newest {@code latencyWindow} samples not older than {@code latencyMaxAge}, so
 * one outlier (the first call of a process or on a new connection, a pause) cannot decide where
 * traffic goes. Picks uniformly among the deployments whose median is within {@code latencyBuffer}
 * of the best, plus those with fewer than {@link #minSamples} recent samples (still being
 * measured); with probability {@code latencyExploration}, uniformly among all candidates. Failed
 * attempts and timeouts are recorded as penalty samples by the router.
 */
final class LowestLatencyStrategy implements RoutingStrategy {
  static final String NAME = "lowest-latency";

  /**
   * Samples a deployment needs before it can be left out: with three, the median ignores one
   * outlier.
   */
  static final int MIN_SAMPLES = 3;

  private final RoutingContext ctx;

  LowestLatencyStrategy(RoutingContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Recent samples a deployment needs before its median is compared: 3, or the window if less. */
  static int minSamples(RoutingConfig o) {
    return Math.min(MIN_SAMPLES, o.latencyWindow());
  }

  @Override
  public Deployment pick(List<Deployment> candidates, Selection selection) {
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    RoutingConfig o = ctx.options;
    if (o.latencyExploration() > 0 && selection.random().nextDouble() < o.latencyExploration()) {
      return candidates.get(selection.random().nextInt(n));
    }
    RoutingStateStore.LatencyKind kind =
        selection.stream()
            ? RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN
            : RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN;
    long now = ctx.nowMillis();
    long maxAge = o.latencyMaxAge().toMillis();
    int minSamples = minSamples(o);
    double[] medians = new double[n];
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      RoutingStateStore.LatencyStats s =
          ctx.store.latency(candidates.get(i).id(), kind, now, maxAge);
      // too few samples to tell an outlier from the deployment's speed: keep measuring it
      medians[i] = s.samples() < minSamples ? Double.NaN : s.median();
      if (s.samples() >= minSamples) {
        best = Math.min(best, s.median());
      }
    }
    if (best == Double.POSITIVE_INFINITY) {
      return candidates.get(selection.random().nextInt(n));
    }
    double limit = best * (1 + o.latencyBuffer());
    List<Deployment> pool = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(medians[i]) || medians[i] <= limit || Picks.same(medians[i], limit)) {
        pool.add(candidates.get(i));
      }
    }
    return pool.get(selection.random().nextInt(pool.size()));
  }
}
