package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One choice of a non-streamed chat completion. {@code finishReason} is one of {@link
 * FinishReason}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatChoice(
    int index,
    @Nullable ChatMessage message,
    @JsonProperty("finish_reason") @Nullable String finishReason,
    @Nullable Object logprobs,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ChatChoice {
    extra = Extras.copy(extra);
  }

  /** A choice with the given index, message and finish reason. */
  public static ChatChoice of(
      int index, @Nullable ChatMessage message, @Nullable String finishReason) {
    return new ChatChoice(index, message, finishReason, null, Map.of());
  }
}
