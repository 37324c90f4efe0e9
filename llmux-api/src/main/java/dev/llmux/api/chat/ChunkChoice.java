package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;

/** One choice of a stream chunk. {@code finishReason} is set on the choice's last chunk. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkChoice(
    int index,
    ChatDelta delta,
    @JsonProperty("finish_reason") String finishReason,
    Object logprobs,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ChunkChoice {
    extra = Extras.copy(extra);
  }

  public static ChunkChoice of(int index, ChatDelta delta, String finishReason) {
    return new ChunkChoice(index, delta, finishReason, null, null);
  }
}
