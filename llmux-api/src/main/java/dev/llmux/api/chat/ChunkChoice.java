package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One choice of a stream chunk. {@code finishReason} is set on the choice's last chunk. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkChoice(
    int index,
    @Nullable ChatDelta delta,
    @JsonProperty("finish_reason") @Nullable String finishReason,
    @Nullable Object logprobs,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ChunkChoice {
    extra = Extras.copy(extra);
  }

  /** A chunk choice with the given index, delta and finish reason. */
  public static ChunkChoice of(
      int index, @Nullable ChatDelta delta, @Nullable String finishReason) {
    return new ChunkChoice(index, delta, finishReason, null, Map.of());
  }
}
