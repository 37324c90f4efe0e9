package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends each request to the deployment with the fewest tokens used in the current minute (then the
 * fewest requests), ties at random, skipping deployments this request would push over their own
 * {@code rpm} or {@code tpm}. The router reserves the request and its prompt tokens on the chosen
 * deployment atomically, and corrects the tokens with the actual usage when the call ends.
 */
final class LowestTpmRpmStrategy implements RoutingStrategy {
  static final String NAME = "lowest-tpm-rpm";

  private final RoutingContext ctx;

  LowestTpmRpmStrategy(RoutingContext ctx) {
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
    List<Deployment> fit = new ArrayList<>(n);
    List<RoutingStateStore.MinuteUsage> usages = new ArrayList<>(n);
    for (Deployment d : candidates) {
      RoutingStateStore.MinuteUsage u = ctx.usage(d.id());
      if (!wouldExceed(d, u, selection.promptTokens().applyAsInt(d))) {
        fit.add(d);
        usages.add(u);
      }
    }
    if (fit.isEmpty()) {
      // every one is at its limit: the router's reservation will say so
      for (Deployment d : candidates) {
        fit.add(d);
        usages.add(ctx.usage(d.id()));
      }
    }
    double[] scores = new double[fit.size()];
    for (int i = 0; i < scores.length; i++) {
      // tokens first, requests break ties between equal token counts
      scores[i] = usages.get(i).tokens() * 1_000_000.0 + usages.get(i).requests();
    }
    return Picks.lowest(fit, scores, selection.random());
  }

  static boolean wouldExceed(Deployment d, RoutingStateStore.MinuteUsage u, int tokens) {
    if (d.rpm() != null && u.requests() + 1 > d.rpm()) {
      return true;
    }
    return d.tpm() != null && u.tokens() > 0 && u.tokens() + tokens > d.tpm();
  }
}
