package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends requests to the deployment that has answered fastest recently. Non-streamed requests
 * compare seconds per output token; streamed ones, time to first token. Picks uniformly among the
 * deployments within {@code latencyBuffer} of the best mean, plus any with no recent samples
 * (exploration); with probability {@code latencyExploration}, uniformly among all candidates.
 * Failed attempts and timeouts are recorded as penalty samples by the router.
 */
final class LowestLatencyStrategy implements RoutingStrategy {
  static final String NAME = "lowest-latency";

  private final RoutingContext ctx;

  LowestLatencyStrategy(RoutingContext ctx) {
    this.ctx = ctx;
  }

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
    double[] means = new double[n];
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      RoutingStateStore.LatencyStats s =
          ctx.store.latency(candidates.get(i).id(), kind, now, maxAge);
      means[i] = s.samples() == 0 ? Double.NaN : s.mean();
      if (s.samples() > 0) {
        best = Math.min(best, s.mean());
      }
    }
    if (best == Double.POSITIVE_INFINITY) {
      return candidates.get(selection.random().nextInt(n));
    }
    double limit = best * (1 + o.latencyBuffer());
    List<Deployment> pool = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(means[i]) || means[i] <= limit || Picks.same(means[i], limit)) {
        pool.add(candidates.get(i));
      }
    }
    return pool.get(selection.random().nextInt(pool.size()));
  }
}
