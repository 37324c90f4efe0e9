package dev.llmux.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.ModelPrice;
import dev.llmux.core.ModelPrices;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The above-200k tier (input, output, cache read, cache write) in the settled cost and in the worst
 * case a budget reserves, from one price lookup; Bedrock and Vertex AI model ids priced at their
 * vendor's entry.
 */
class TieredPriceTest {
  private static final double EPS = 1e-12;
  private final ModelPrices prices = ModelPrices.bundled();

  /** Anthropic's usage in OpenAI's shape: prompt includes cache reads and writes. */
  private static Usage anthropicUsage(int uncached, int cacheRead, int cacheWrite, int output) {
    int prompt = uncached + cacheRead + cacheWrite;
    return new Usage(
        prompt,
        output,
        prompt + output,
        Usage.PromptTokensDetails.cached(cacheRead),
        null,
        Map.of("cache_creation_input_tokens", cacheWrite));
  }

  @Test
  void sonnetAbove200kBillsEveryKindOfTokenAtTheLongContextPrice() {
    ModelPrice sonnet = prices.lookup("anthropic", "claude-sonnet-4-5-20250929");
    assertThat(sonnet.cacheCreationInputTokenCostAbove200k()).isEqualTo(7.5e-6);
    // 130k uncached + 100k read + 20k written = 250k prompt tokens: the long-context tier
    assertThat(CostCalculator.cost(sonnet, anthropicUsage(130_000, 100_000, 20_000, 1_000)))
        .isCloseTo(
            130_000 * 6e-6 + 100_000 * 6e-7 + 20_000 * 7.5e-6 + 1_000 * 2.25e-5, within(EPS));
    // the same mix under 200k: base prices
    assertThat(CostCalculator.cost(sonnet, anthropicUsage(13_000, 10_000, 2_000, 1_000)))
        .isCloseTo(13_000 * 3e-6 + 10_000 * 3e-7 + 2_000 * 3.75e-6 + 1_000 * 1.5e-5, within(EPS));
  }

  @Test
  void theWorstCaseUsesTheSameTierAndTheDearestPromptPrice() {
    ModelPrice sonnet = prices.lookup("anthropic", "claude-sonnet-4-5");
    // under 200k: a prompt token costs at most a cache write (3.75e-6 > 3e-6 input)
    assertThat(CostCalculator.maxCost(sonnet, 1_000, 100))
        .isCloseTo(1_000 * 3.75e-6 + 100 * 1.5e-5, within(EPS));
    // above 200k: long-context cache write and output
    assertThat(CostCalculator.maxCost(sonnet, 250_000, 4_096))
        .isCloseTo(250_000 * 7.5e-6 + 4_096 * 2.25e-5, within(EPS));
    // Gemini 2.5 Pro has no cache-write price: the input price, tiered
    ModelPrice pro = prices.lookup("gemini", "gemini-2.5-pro");
    assertThat(CostCalculator.maxCost(pro, 300_000, 10))
        .isCloseTo(300_000 * 2.5e-6 + 10 * 1.5e-5, within(EPS));
    assertThat(CostCalculator.maxCost(ModelPrice.UNKNOWN, 10, 10)).isNull();
    // the settled cost never exceeds the worst case of the same token counts
    Usage u = anthropicUsage(130_000, 100_000, 20_000, 1_000);
    assertThat(CostCalculator.cost(sonnet, u))
        .isLessThanOrEqualTo(CostCalculator.maxCost(sonnet, u.promptTokens(), 1_000));
  }

  @Test
  void deploymentPricesReplaceTheTiers() {
    Deployment own =
        Deployment.builder("g", "p")
            .model("claude-sonnet-4-5")
            .inputCostPerToken(1e-6)
            .outputCostPerToken(2e-6)
            .build();
    ModelPrice p = CostCalculator.priceFor(prices.lookup("anthropic", "claude-sonnet-4-5"), own);
    assertThat(CostCalculator.maxCost(p, 300_000, 10))
        .isCloseTo(300_000 * 1e-6 + 10 * 2e-6, within(EPS));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bedrock | us.anthropic.claude-sonnet-4-5-20250929-v1:0 | 3.0E-6",
        "bedrock | global.anthropic.claude-sonnet-4-5-20250929-v1:0 | 3.0E-6",
        "bedrock | anthropic.claude-3-5-haiku-20241022-v1:0 | 8.0E-7",
        "bedrock | anthropic.claude-3-5-sonnet-20241022-v2:0 | 3.0E-6",
        "bedrock | arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0 | 3.0E-6",
        "bedrock | converse/us.anthropic.claude-opus-4-1-20250805-v1:0 | 1.5E-5",
        "vertex_ai | claude-sonnet-4@20250514 | 3.0E-6",
        "vertex_ai | claude-3-5-sonnet-v2@20241022 | 3.0E-6",
        "vertex_ai | claude-opus-4-1@20250805 | 1.5E-5",
        "vertex_ai | gemini-2.5-pro | 1.25E-6",
        "vertex_ai | publishers/google/models/gemini-2.5-flash | 3.0E-7"
      })
  void cloudModelIdsArePricedAtTheVendorsEntry(String type, String model, double input) {
    assertThat(prices.lookup(type, model).inputCostPerToken()).as(model).isEqualTo(input);
  }

  @Test
  void cloudIdsOfUnknownModelsStayUnknownAndOwnEntriesWin() {
    assertThat(prices.lookup("bedrock", "meta.llama3-1-70b-instruct-v1:0"))
        .isEqualTo(ModelPrice.UNKNOWN);
    assertThat(
            prices.lookup(
                "bedrock", "arn:aws:bedrock:us-east-1:1:application-inference-profile/abc"))
        .isEqualTo(ModelPrice.UNKNOWN);
    ModelPrice own =
        new ModelPrice(9e-6, 9e-6, null, null, null, null, null, null, null, null, null, null);
    ModelPrices overlaid = prices.with("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", own);
    assertThat(overlaid.lookup("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"))
        .isEqualTo(own);
  }

  @Test
  void aRoutedCallOnBedrockIsBilledAtTheLongContextTier() {
    String model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    Usage usage = anthropicUsage(150_000, 60_000, 0, 500);
    Provider bedrock =
        new Provider() {
          private final ProviderConfig config =
              new ProviderConfig("aws", "bedrock", null, null, Map.of());

          @Override
          public ProviderConfig config() {
            return config;
          }

          @Override
          public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
            return ChatCompletionResponse.of(
                "c1",
                1,
                request.model(),
                List.of(ChatChoice.of(0, ChatMessage.assistant("ok"), "stop")),
                usage);
          }

          @Override
          public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ModelList listModels(CallOptions options) {
            return ModelList.of(List.of());
          }
        };
    try (LlmRouter router =
        LlmRouter.builder()
            .provider(bedrock)
            .deployment(Deployment.builder("claude", "aws").model(model).build())
            .build()) {
      double cost = router.chat(ChatCompletionRequest.of("claude", ChatMessage.user("hi"))).cost();
      assertThat(cost).isCloseTo(150_000 * 6e-6 + 60_000 * 6e-7 + 500 * 2.25e-5, within(EPS));
    }
  }
}
