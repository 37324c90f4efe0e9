package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Token usage of a call, OpenAI-shaped. {@code promptTokensDetails.cachedTokens} counts prompt
 * tokens served from the provider's prompt cache; {@code completionTokensDetails.reasoningTokens}
 * counts hidden reasoning tokens (included in {@code completionTokens}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(
    @JsonProperty("prompt_tokens") int promptTokens,
    @JsonProperty("completion_tokens") int completionTokens,
    @JsonProperty("total_tokens") int totalTokens,
    @JsonProperty("prompt_tokens_details") @Nullable PromptTokensDetails promptTokensDetails,
    @JsonProperty("completion_tokens_details")
        @Nullable CompletionTokensDetails completionTokensDetails,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public Usage {
    extra = Extras.copy(extra);
  }

  /** Usage from prompt and completion tokens; the total is their sum. */
  public static Usage of(int promptTokens, int completionTokens) {
    return new Usage(
        promptTokens, completionTokens, promptTokens + completionTokens, null, null, Map.of());
  }

  /** Cached prompt tokens, 0 when not reported. */
  public int cachedTokens() {
    return promptTokensDetails == null || promptTokensDetails.cachedTokens() == null
        ? 0
        : promptTokensDetails.cachedTokens();
  }

  /** Reasoning tokens, 0 when not reported. */
  public int reasoningTokens() {
    return completionTokensDetails == null || completionTokensDetails.reasoningTokens() == null
        ? 0
        : completionTokensDetails.reasoningTokens();
  }

  /** {@code prompt_tokens_details}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PromptTokensDetails(
      @JsonProperty("cached_tokens") @Nullable Integer cachedTokens,
      @JsonProperty("audio_tokens") @Nullable Integer audioTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    /** Makes the lists and maps immutable copies. */
    public PromptTokensDetails {
      extra = Extras.copy(extra);
    }

    /** Details with only the cached prompt tokens set. */
    public static PromptTokensDetails cached(int cachedTokens) {
      return new PromptTokensDetails(cachedTokens, null, Map.of());
    }
  }

  /** {@code completion_tokens_details}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CompletionTokensDetails(
      @JsonProperty("reasoning_tokens") @Nullable Integer reasoningTokens,
      @JsonProperty("audio_tokens") @Nullable Integer audioTokens,
      @JsonProperty("accepted_prediction_tokens") @Nullable Integer acceptedPredictionTokens,
      @JsonProperty("rejected_prediction_tokens") @Nullable Integer rejectedPredictionTokens,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    /** Makes the lists and maps immutable copies. */
    public CompletionTokensDetails {
      extra = Extras.copy(extra);
    }

    /** Details with only the reasoning tokens set. */
    public static CompletionTokensDetails reasoning(int reasoningTokens) {
      return new CompletionTokensDetails(reasoningTokens, null, null, null, Map.of());
    }
  }
}
