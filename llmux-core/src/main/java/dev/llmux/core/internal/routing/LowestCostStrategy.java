package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.List;

/**
 * Sends each request to the deployment with the cheapest expected cost for it: prompt tokens
 * (counted with the deployment's tokenizer) times its input price plus expected output tokens (the
 * request's {@code max_completion_tokens} / {@code max_tokens}, else {@code expectedOutputTokens})
 * times its output price. Prices come from the deployment, else the price table. A deployment with
 * no price ranks last (or first, per {@code unknownPrice}); ties at random.
 */
final class LowestCostStrategy implements RoutingStrategy {
  static final String NAME = "lowest-cost";

  private final RoutingContext ctx;

  LowestCostStrategy(RoutingContext ctx) {
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
    int out = 0;
    if (selection.request() != null) {
      Integer limit = selection.request().outputTokenLimit();
      out = limit != null ? limit : ctx.options.expectedOutputTokens();
    }
    double unknown =
        ctx.options.unknownPrice() == RoutingConfig.UnknownPrice.FREE ? 0 : Double.MAX_VALUE;
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      Deployment d = candidates.get(i);
      Double c = CostCalculator.expected(ctx.price(d), selection.promptTokens().applyAsInt(d), out);
      scores[i] = c == null ? unknown : c;
    }
    return Picks.lowest(candidates, scores, selection.random());
  }
}
