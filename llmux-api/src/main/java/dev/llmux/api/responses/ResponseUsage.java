package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import dev.llmux.api.chat.Usage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Token usage of a response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseUsage(
    @JsonProperty("input_tokens") int inputTokens,
    @JsonProperty("input_tokens_details") @Nullable InputDetails inputTokensDetails,
    @JsonProperty("output_tokens") int outputTokens,
    @JsonProperty("output_tokens_details") @Nullable OutputDetails outputTokensDetails,
    @JsonProperty("total_tokens") int totalTokens,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ResponseUsage {
    extra = Extras.copy(extra);
  }

  /** From chat usage. */
  public static ResponseUsage of(Usage u) {
    return new ResponseUsage(
        u.promptTokens(),
        new InputDetails(u.cachedTokens(), Map.of()),
        u.completionTokens(),
        new OutputDetails(u.reasoningTokens(), Map.of()),
        u.totalTokens(),
        Map.of());
  }

  /** As chat usage. */
  public Usage toUsage() {
    int cached =
        inputTokensDetails == null || inputTokensDetails.cachedTokens() == null
            ? 0
            : inputTokensDetails.cachedTokens();
    int reasoning =
        outputTokensDetails == null || outputTokensDetails.reasoningTokens() == null
            ? 0
            : outputTokensDetails.reasoningTokens();
    return new Usage(
        inputTokens,
        outputTokens,
        totalTokens,
        Usage.PromptTokensDetails.cached(cached),
        Usage.CompletionTokensDetails.reasoning(reasoning),
        Map.of());
  }

  /**
   * Input token details.
   *
   * @param cachedTokens prompt tokens read from the provider's cache, or {@code null}
   * @param extra fields the typed API does not model
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InputDetails(
      @JsonProperty("cached_tokens") @Nullable Integer cachedTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    /** Makes the lists and maps immutable copies. */
    public InputDetails {
      extra = Extras.copy(extra);
    }
  }

  /**
   * Output token details.
   *
   * @param reasoningTokens tokens spent reasoning, or {@code null}
   * @param extra fields the typed API does not model
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OutputDetails(
      @JsonProperty("reasoning_tokens") @Nullable Integer reasoningTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    /** Makes the lists and maps immutable copies. */
    public OutputDetails {
      extra = Extras.copy(extra);
    }
  }
}
