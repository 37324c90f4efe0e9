package dev.llmux.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.FakeTime;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.ModelPrice;
import dev.llmux.core.ModelPrices;
import dev.llmux.core.RouteResult;
import dev.llmux.core.ScriptedProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost of each provider's usage shape, prices from the bundled table, LiteLLM files and
 * deployments.
 */
class CostTest {
  private static final double EPS = 1e-12;
  private final ModelPrices prices = ModelPrices.bundled();

  private static Usage usage(
      int prompt, int completion, Integer cached, Integer reasoning, Map<String, Object> extra) {
    return new Usage(
        prompt,
        completion,
        prompt + completion,
        cached == null ? null : Usage.PromptTokensDetails.cached(cached),
        reasoning == null ? null : Usage.CompletionTokensDetails.reasoning(reasoning),
        extra);
  }

  @Test
  void bundledTableSaysWhenItWasCheckedAndHasTheMainModels() {
    assertThat(prices.checked()).isNotBlank();
    for (String m :
        List.of(
            "gpt-4o",
            "gpt-4o-mini",
            "gpt-4.1",
            "gpt-4.1-mini",
            "o3",
            "o4-mini",
            "gpt-5",
            "claude-sonnet-4-20250514",
            "claude-3-7-sonnet-20250219",
            "claude-3-5-haiku-20241022",
            "gemini-2.5-pro",
            "gemini-2.5-flash",
            "gemini-2.0-flash",
            "text-embedding-3-small")) {
      assertThat(prices.lookup(null, m).hasPrices()).as(m).isTrue();
      assertThat(prices.lookup(null, m).maxInputTokens()).as(m).isNotNull();
    }
    assertThat(prices.lookup("azure", "gpt-4o").provider()).isEqualTo("azure");
    assertThat(prices.lookup("openai", "gpt-4o").provider()).isEqualTo("openai");
    // dated and provider-prefixed names resolve
    assertThat(prices.lookup(null, "gpt-4.1-2099-01-01").inputCostPerToken()).isEqualTo(2e-6);
    assertThat(prices.lookup(null, "claude-sonnet-4-5-20990101").inputCostPerToken())
        .isEqualTo(3e-6);
    assertThat(prices.lookup(null, "openai/gpt-4o-mini").inputCostPerToken()).isEqualTo(0.15e-6);
    assertThat(prices.lookup(null, "no-such-model")).isEqualTo(ModelPrice.UNKNOWN);
  }

  @Test
  void openAiCachedAndReasoningTokens() {
    ModelPrice o4mini =
        prices.lookup("openai", "o4-mini"); // 1.10 in, 0.275 cached, 4.40 out per 1M
    Usage u = usage(10_000, 3_000, 4_000, 2_000, null);
    double expected = 6_000 * 1.10e-6 + 4_000 * 0.275e-6 + 1_000 * 4.40e-6 + 2_000 * 4.40e-6;
    assertThat(CostCalculator.cost(o4mini, u)).isCloseTo(expected, within(EPS));
    // a separate reasoning price applies to the reasoning tokens only
    ModelPrice withReasoning =
        new ModelPrice(1e-6, 2e-6, null, null, 5e-6, null, null, null, null, null, null, null);
    assertThat(CostCalculator.cost(withReasoning, usage(100, 50, null, 20, null)))
        .isCloseTo(100 * 1e-6 + 30 * 2e-6 + 20 * 5e-6, within(EPS));
  }

  @Test
  void anthropicCacheReadsAndWrites() {
    ModelPrice sonnet =
        prices.lookup(
            "anthropic", "claude-sonnet-4-20250514"); // 3 in, 0.30 read, 3.75 write, 15 out
    // OpenAI-shaped: prompt = input 1000 + cache read 8000 + cache write 2000
    Usage u = usage(11_000, 500, 8_000, null, Map.of("cache_creation_input_tokens", 2_000));
    double expected = 1_000 * 3e-6 + 8_000 * 0.30e-6 + 2_000 * 3.75e-6 + 500 * 15e-6;
    assertThat(CostCalculator.cost(sonnet, u)).isCloseTo(expected, within(EPS));
    // a provider passing Anthropic's raw fields through (input_tokens excludes cache reads and
    // writes)
    Usage raw =
        usage(
            1_000,
            500,
            null,
            null,
            Map.of("cache_read_input_tokens", 8_000, "cache_creation_input_tokens", 2_000));
    assertThat(CostCalculator.cost(sonnet, raw)).isCloseTo(expected, within(EPS));
  }

  @Test
  void geminiThoughtsAndLongContextTier() {
    ModelPrice flash =
        prices.lookup("gemini", "gemini-2.5-flash"); // 0.30 in, 0.03 cached, 2.50 out
    // promptTokenCount 5000 (2000 cached), candidates 300 + thoughts 700 -> completion 1000,
    // reasoning 700
    Usage u = usage(5_000, 1_000, 2_000, 700, null);
    double expected = 3_000 * 0.30e-6 + 2_000 * 0.03e-6 + 300 * 2.50e-6 + 700 * 2.50e-6;
    assertThat(CostCalculator.cost(flash, u)).isCloseTo(expected, within(EPS));
    // thoughts reported outside completion tokens are billed too
    Usage outside = usage(5_000, 300, 2_000, 700, null);
    assertThat(CostCalculator.cost(flash, outside)).isCloseTo(expected, within(EPS));
    ModelPrice pro = prices.lookup("gemini", "gemini-2.5-pro"); // > 200k prompt: 2.50 in, 15 out
    assertThat(CostCalculator.cost(pro, Usage.of(250_000, 1_000)))
        .isCloseTo(250_000 * 2.50e-6 + 1_000 * 15e-6, within(EPS));
    assertThat(CostCalculator.cost(pro, Usage.of(100_000, 1_000)))
        .isCloseTo(100_000 * 1.25e-6 + 1_000 * 10e-6, within(EPS));
  }

  @Test
  void unknownPriceIsNullAndDeploymentOverridesWin() {
    assertThat(CostCalculator.cost(ModelPrice.UNKNOWN, Usage.of(10, 10))).isNull();
    Deployment d =
        Deployment.builder("g", "p")
            .model("gpt-4o")
            .inputCostPerToken(1e-6)
            .outputCostPerToken(2e-6)
            .cachedInputCostPerToken(0.1e-6)
            .build();
    ModelPrice p = CostCalculator.priceFor(prices.lookup("openai", "gpt-4o"), d);
    assertThat(CostCalculator.cost(p, usage(100, 10, 50, null, null)))
        .isCloseTo(50 * 1e-6 + 50 * 0.1e-6 + 10 * 2e-6, within(EPS));
    assertThat(p.maxInputTokens()).isEqualTo(128_000);
  }

  @Test
  void liteLlmFileOverlaysTheTable(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("model_prices_and_context_window.json");
    Files.writeString(
        f,
        """
        {
          "sample_spec": {"input_cost_per_token": 0, "litellm_provider": "x", "mode": "chat"},
          "my-model": {"input_cost_per_token": 2e-6, "output_cost_per_token": "4e-6",
                       "cache_read_input_token_cost": 1e-7, "output_cost_per_reasoning_token": 8e-6,
                       "max_input_tokens": 32000, "max_output_tokens": 4096,
                       "litellm_provider": "openai", "mode": "chat"},
          "gpt-4o": {"input_cost_per_token": 9e-6, "output_cost_per_token": 9e-6}
        }
        """);
    ModelPrices table = ModelPrices.bundled().with(f);
    ModelPrice mine = table.lookup("openai", "my-model");
    assertThat(mine.outputCostPerToken()).isEqualTo(4e-6);
    assertThat(mine.outputCostPerReasoningToken()).isEqualTo(8e-6);
    assertThat(mine.maxInputTokens()).isEqualTo(32_000);
    assertThat(table.lookup(null, "gpt-4o").inputCostPerToken()).isEqualTo(9e-6);
    assertThat(table.lookup(null, "gpt-4o-mini").inputCostPerToken()).isEqualTo(0.15e-6);
  }

  @Test
  void routeResultsCarryCostForChatStreamsAndEmbeddingsAndZeroForCacheHits(@TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("prices.json");
    Files.writeString(
        f,
        """
        {"m": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6},
         "e": {"input_cost_per_token": 1e-7, "output_cost_per_token": 0, "mode": "embedding"}}
        """);
    ScriptedProvider p = new ScriptedProvider("p");
    FakeTime time = new FakeTime();
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .random(new SplittableRandom(1))
            .provider(p)
            .modelPrices(f)
            .deployment(Deployment.builder("g", "p").model("m").build())
            .deployment(Deployment.builder("emb", "p").model("e").build())
            .build()) {
      // scripted usage: chat 10 + 5, stream 7 + 2, embeddings 3
      assertThat(router.chat(ChatCompletionRequest.of("g", ChatMessage.user("hi"))).cost())
          .isCloseTo(10 * 1e-6 + 5 * 2e-6, within(EPS));
      try (ChatStream s = router.stream(ChatCompletionRequest.of("g", ChatMessage.user("hi")))) {
        s.forEachRemaining(c -> {});
        assertThat(s.result().cost()).isCloseTo(7 * 1e-6 + 2 * 2e-6, within(EPS));
      }
      assertThat(router.embed(EmbeddingRequest.of("emb", "text")).cost())
          .isCloseTo(3 * 1e-7, within(EPS));
    }
    RouteResult<Void> hit =
        new RouteResult<>(
            null,
            "r",
            "g",
            "g",
            "d",
            "p",
            List.of(),
            java.time.Duration.ZERO,
            null,
            Usage.of(10, 10),
            0.5,
            true);
    assertThat(hit.cost()).isZero();
  }
}
