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
 * Prompts over 200k tokens use the {@code above_200k} prices (input, output, cache read and cache
 * write) where the model has them (Gemini 2.5 Pro, Claude Sonnet 4 / 4.5); {@link #rates} is the
 * one place that picks a tier, for the settled cost, the lowest-cost strategy and the budget
 * reservation ({@link #maxCost}) alike. Two tolerated deviations: a provider that reports reasoning
 * tokens outside {@code completion_tokens} (reasoning &gt; completion) is billed for both, and one
 * that reports Anthropic's raw {@code input_tokens} (which exclude cache reads and writes) as
 * prompt tokens is billed as if they were uncached.
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
        ownPrices ? null : table.cacheCreationInputTokenCostAbove200k(),
        d.maxInputTokens() != null ? d.maxInputTokens() : table.maxInputTokens(),
        d.maxOutputTokens() != null ? d.maxOutputTokens() : table.maxOutputTokens(),
        table.provider(),
        table.mode());
  }

  private static <T> @Nullable T or(@Nullable T a, @Nullable T b) {
    return a != null ? a : b;
  }

  /**
   * The per-token prices (USD) that apply to a call whose prompt has {@code promptTokens} tokens:
   * the {@code above_200k} tier's where the prompt exceeds 200,000 tokens and the model has that
   * tier (each price falling back to the base tier's), else the base prices. A missing cached /
   * cache-write price is the input price, a missing reasoning price the output price; an unknown
   * input or output price is 0.
   */
  record Rates(
      double input, double cachedInput, double cacheWrite, double output, double reasoning) {

    /** The highest price a prompt token can be billed at (an input or a cache-write token). */
    double maxPrompt() {
      return Math.max(input, cacheWrite);
    }

    /** The highest price an output token can be billed at (a visible or a reasoning token). */
    double maxOutput() {
      return Math.max(output, reasoning);
    }
  }

  /** The prices of {@code p} for a prompt of {@code promptTokens} tokens. */
  static Rates rates(ModelPrice p, int promptTokens) {
    boolean above = promptTokens > TIER_THRESHOLD;
    double in = price(above ? p.inputCostPerTokenAbove200k() : null, p.inputCostPerToken());
    double out = price(above ? p.outputCostPerTokenAbove200k() : null, p.outputCostPerToken());
    double cachedIn =
        p.cacheReadInputTokenCost() == null
            ? in
            : price(
                above ? p.cacheReadInputTokenCostAbove200k() : null, p.cacheReadInputTokenCost());
    double write =
        p.cacheCreationInputTokenCost() == null
            ? in
            : price(
                above ? p.cacheCreationInputTokenCostAbove200k() : null,
                p.cacheCreationInputTokenCost());
    double reasoning =
        p.outputCostPerReasoningToken() != null ? p.outputCostPerReasoningToken() : out;
    return new Rates(in, cachedIn, write, out, reasoning);
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
    Rates r = rates(p, prompt);
    int completion = Math.max(0, usage.completionTokens());
    int reasoning = usage.reasoningTokens();
    int visible = reasoning > completion ? completion : completion - reasoning;
    return uncached * r.input()
        + cached * r.cachedInput()
        + cacheWrite * r.cacheWrite()
        + visible * r.output()
        + reasoning * r.reasoning();
  }

  /**
   * The expected cost of a call with {@code promptTokens} in and {@code outputTokens} out (prompt
   * at the input price, output at the output price, in the prompt's tier), or {@code null}.
   */
  static @Nullable Double expected(ModelPrice p, int promptTokens, int outputTokens) {
    if (!p.hasPrices()) {
      return null;
    }
    Rates r = rates(p, promptTokens);
    return promptTokens * r.input() + outputTokens * r.output();
  }

  /**
   * The most a call with {@code promptTokens} in and at most {@code outputTokens} out can cost, as
   * {@link #cost} will bill it: in the prompt's tier, every prompt token at the higher of the input
   * and cache-write prices and every output token at the higher of the output and reasoning prices;
   * {@code null} when the price is unknown.
   */
  static @Nullable Double maxCost(ModelPrice p, int promptTokens, long outputTokens) {
    if (!p.hasPrices()) {
      return null;
    }
    Rates r = rates(p, promptTokens);
    return Math.max(0, promptTokens) * r.maxPrompt() + Math.max(0, outputTokens) * r.maxOutput();
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
