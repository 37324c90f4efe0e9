package dev.llmux.core;

import org.jspecify.annotations.Nullable;

/**
 * Prices (USD per token) and context window of one model, as in LiteLLM's {@code
 * model_prices_and_context_window.json}. Any field may be {@code null} (unknown).
 *
 * @param inputCostPerToken {@code input_cost_per_token}
 * @param outputCostPerToken {@code output_cost_per_token}
 * @param cacheReadInputTokenCost {@code cache_read_input_token_cost} (cached prompt tokens)
 * @param cacheCreationInputTokenCost {@code cache_creation_input_token_cost} (Anthropic cache
 *     writes)
 * @param outputCostPerReasoningToken {@code output_cost_per_reasoning_token}; {@code null} bills
 *     reasoning tokens at the output price
 * @param inputCostPerTokenAbove200k {@code input_cost_per_token_above_200k_tokens} (prompts over
 *     200k tokens)
 * @param outputCostPerTokenAbove200k {@code output_cost_per_token_above_200k_tokens}
 * @param cacheReadInputTokenCostAbove200k {@code cache_read_input_token_cost_above_200k_tokens}
 * @param cacheCreationInputTokenCostAbove200k {@code
 *     cache_creation_input_token_cost_above_200k_tokens} (cache writes of prompts over 200k tokens)
 * @param maxInputTokens {@code max_input_tokens}
 * @param maxOutputTokens {@code max_output_tokens}
 * @param provider {@code litellm_provider}
 * @param mode {@code mode}: chat, embedding, ...
 */
public record ModelPrice(
    @Nullable Double inputCostPerToken,
    @Nullable Double outputCostPerToken,
    @Nullable Double cacheReadInputTokenCost,
    @Nullable Double cacheCreationInputTokenCost,
    @Nullable Double outputCostPerReasoningToken,
    @Nullable Double inputCostPerTokenAbove200k,
    @Nullable Double outputCostPerTokenAbove200k,
    @Nullable Double cacheReadInputTokenCostAbove200k,
    @Nullable Double cacheCreationInputTokenCostAbove200k,
    @Nullable Integer maxInputTokens,
    @Nullable Integer maxOutputTokens,
    @Nullable String provider,
    @Nullable String mode) {

  /** Nothing known. */
  public static final ModelPrice UNKNOWN =
      new ModelPrice(null, null, null, null, null, null, null, null, null, null, null, null, null);

  /**
   * The entry without the above-200k cache-write price (the constructor before that price was
   * added); kept so that code written against it still compiles.
   */
  public ModelPrice(
      Double inputCostPerToken,
      Double outputCostPerToken,
      Double cacheReadInputTokenCost,
      Double cacheCreationInputTokenCost,
      Double outputCostPerReasoningToken,
      Double inputCostPerTokenAbove200k,
      Double outputCostPerTokenAbove200k,
      Double cacheReadInputTokenCostAbove200k,
      Integer maxInputTokens,
      Integer maxOutputTokens,
      String provider,
      String mode) {
    this(
        inputCostPerToken,
        outputCostPerToken,
        cacheReadInputTokenCost,
        cacheCreationInputTokenCost,
        outputCostPerReasoningToken,
        inputCostPerTokenAbove200k,
        outputCostPerTokenAbove200k,
        cacheReadInputTokenCostAbove200k,
        null,
        maxInputTokens,
        maxOutputTokens,
        provider,
        mode);
  }

  /** Whether any price is known. */
  public boolean hasPrices() {
    return inputCostPerToken != null || outputCostPerToken != null;
  }
}
