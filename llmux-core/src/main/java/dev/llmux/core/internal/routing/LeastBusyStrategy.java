package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;

/**
 * Sends each request to the deployment with the fewest calls in flight (counted by the router from
 * attempt start until the response, or for streams until the stream ends, fails or is closed); ties
 * at random. Reads the counts without locking, so two simultaneous picks may choose the same
 * deployment; counts converge immediately after.
 */
final class LeastBusyStrategy implements RoutingStrategy {
  static final String NAME = "least-busy";

  private final RoutingContext ctx;

  LeastBusyStrategy(RoutingContext ctx) {
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
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = ctx.store.inFlight(candidates.get(i).id());
    }
    return Picks.lowest(candidates, scores, selection.random());
  }
}
