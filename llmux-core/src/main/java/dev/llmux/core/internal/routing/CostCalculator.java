package dev.llmux.core.internal.routing;

import dev.llmux.api.chat.Usage;
import dev.llmux.core.Deployment;
import dev.llmux.core.ModelPrice;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Prices a call from its usage. Usage is read in OpenAI's shape, which providers map into: {@code
 * prompt_tokens} include cached prompt tokens ({@code prompt_tokens_details.cached_tokens},
 * Anthropic cache reads, Gemini cached content) and Anthropic cache writes (reported in {@code
 * usage.cache_creation_input_tokens}); {@code completion_tokens} include reasoning tokens ({@code
 * completion_tokens_details.reasoning_tokens}, Gemini thoughts). So:
 *
 * <pre>
 * cost = (prompt - cached - cacheWrite) * input + cached * cachedInput + cacheWrite * cacheWriteInput
 *      + (completion - reasoning) * output + reasoning * reasoningOutput
 * </pre>
 *
 * A missing cached / cache-write / reasoning price falls back to the input / input / output price.
 * Prompts over 200k tokens use the {@code above_200k} prices where the model has them (Gemini 2.5
 * Pro). Two tolerated deviations: a provider that reports reasoning tokens outside {@code
 * completion_tokens} (reasoning &gt; completion) is billed for both, and one that reports
 * Anthropic's raw {@code input_tokens} (which exclude cache reads and writes) as prompt tokens is
 * billed as if they were uncached.
 */
final class CostCalculator {
  private static final int TIER_THRESHOLD = 200_000;

  private CostCalculator() {}

  /**
   * {@code table}'s entry with {@code d}'s own prices and limits laid over it (the deployment's
   * win).
   */
  static ModelPrice priceFor(ModelPrice table, Deployment d) {
    if (d.inputCostPerToken() == null
        && d.outputCostPerToken() == null
        && d.cachedInputCostPerToken() == null
        && d.reasoningCostPerToken() == null
        && d.maxInputTokens() == null
        && d.maxOutputTokens() == null) {
      return table;
    }
    boolean ownPrices = d.inputCostPerToken() != null || d.outputCostPerToken() != null;
    return new ModelPrice(
        or(d.inputCostPerToken(), table.inputCostPerToken()),
        or(d.outputCostPerToken(), table.outputCostPerToken()),
        or(d.cachedInputCostPerToken(), ownPrices ? null : table.cacheReadInputTokenCost()),
        ownPrices ? null : table.cacheCreationInputTokenCost(),
        or(d.reasoningCostPerToken(), ownPrices ? null : table.outputCostPerReasoningToken()),
        ownPrices ? null : table.inputCostPerTokenAbove200k(),
        ownPrices ? null : table.outputCostPerTokenAbove200k(),
        ownPrices ? null : table.cacheReadInputTokenCostAbove200k(),
        d.maxInputTokens() != null ? d.maxInputTokens() : table.maxInputTokens(),
        d.maxOutputTokens() != null ? d.maxOutputTokens() : table.maxOutputTokens(),
        table.provider(),
        table.mode());
  }

  private static <T> @Nullable T or(@Nullable T a, @Nullable T b) {
    return a != null ? a : b;
  }

  /** The cost in USD, or {@code null} when the price is unknown. */
  static @Nullable Double cost(ModelPrice p, @Nullable Usage usage) {
    if (usage == null || !p.hasPrices()) {
      return null;
    }
    int prompt = Math.max(0, usage.promptTokens());
    int cached = usage.cachedTokens();
    if (cached == 0) {
      cached = intExtra(usage.extra(), "cache_read_input_tokens");
    }
    int cacheWrite = intExtra(usage.extra(), "cache_creation_input_tokens");
    int uncached = prompt - cached - cacheWrite;
    if (uncached < 0) {
      uncached = prompt; // raw Anthropic input_tokens: already excludes cache reads and writes
    }
    boolean above = prompt > TIER_THRESHOLD;
    double in = price(above ? p.inputCostPerTokenAbove200k() : null, p.inputCostPerToken());
    double out = price(above ? p.outputCostPerTokenAbove200k() : null, p.outputCostPerToken());
    double cachedIn =
        p.cacheReadInputTokenCost() == null
            ? in
            : price(
                above ? p.cacheReadInputTokenCostAbove200k() : null, p.cacheReadInputTokenCost());
    double writeIn = p.cacheCreationInputTokenCost() != null ? p.cacheCreationInputTokenCost() : in;
    double reasoningOut =
        p.outputCostPerReasoningToken() != null ? p.outputCostPerReasoningToken() : out;

    int completion = Math.max(0, usage.completionTokens());
    int reasoning = usage.reasoningTokens();
    int visible = reasoning > completion ? completion : completion - reasoning;
    return uncached * in
        + cached * cachedIn
        + cacheWrite * writeIn
        + visible * out
        + reasoning * reasoningOut;
  }

  /**
   * The expected cost of a call with {@code promptTokens} in and {@code outputTokens} out, or
   * {@code null}.
   */
  static @Nullable Double expected(ModelPrice p, int promptTokens, int outputTokens) {
    if (!p.hasPrices()) {
      return null;
    }
    boolean above = promptTokens > TIER_THRESHOLD;
    double in = price(above ? p.inputCostPerTokenAbove200k() : null, p.inputCostPerToken());
    double out = price(above ? p.outputCostPerTokenAbove200k() : null, p.outputCostPerToken());
    return promptTokens * in + outputTokens * out;
  }

  /**
   * The most a call with {@code promptTokens} in and up to {@code outputTokens} out can cost, or
   * {@code null} when the price is unknown: every prompt token at the dearest input price that may
   * apply (a cache write, the tier above 200k tokens) and every output token at the dearest output
   * price (reasoning). What admission reserves on budgets, so that it is never below what {@link
   * #cost} charges.
   */
  static @Nullable Double maximum(ModelPrice p, int promptTokens, long outputTokens) {
    if (!p.hasPrices()) {
      return null;
    }
    boolean above = promptTokens > TIER_THRESHOLD;
    double in = price(above ? p.inputCostPerTokenAbove200k() : null, p.inputCostPerToken());
    if (p.cacheCreationInputTokenCost() != null) {
      in = Math.max(in, p.cacheCreationInputTokenCost());
    }
    double out = price(above ? p.outputCostPerTokenAbove200k() : null, p.outputCostPerToken());
    if (p.outputCostPerReasoningToken() != null) {
      out = Math.max(out, p.outputCostPerReasoningToken());
    }
    return promptTokens * in + outputTokens * out;
  }

  private static double price(@Nullable Double tiered, @Nullable Double base) {
    return tiered != null ? tiered : base != null ? base : 0.0;
  }

  private static int intExtra(Map<String, Object> extra, String key) {
    if (extra == null) {
      return 0;
    }
    Object v = extra.get(key);
    return v instanceof Number n ? n.intValue() : 0;
  }
}
