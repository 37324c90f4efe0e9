package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;

/** One choice of a non-streamed chat completion. {@code finishReason} is one of {@link FinishReason}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatChoice(
    int index,
    ChatMessage message,
    @JsonProperty("finish_reason") String finishReason,
    Object logprobs,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ChatChoice {
    extra = Extras.copy(extra);
  }

  public static ChatChoice of(int index, ChatMessage message, String finishReason) {
    return new ChatChoice(index, message, finishReason, null, null);
  }
}
