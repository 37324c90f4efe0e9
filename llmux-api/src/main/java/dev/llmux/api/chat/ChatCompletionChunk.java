package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One chunk of a streamed chat completion ({@code object = "chat.completion.chunk"}). The usage
 * chunk (sent when {@code stream_options.include_usage} is set) has no choices and a {@code usage}.
 */
// Helper methods named isX() must not become JSON properties.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
    @Nullable String id,
    @Nullable String object,
    long created,
    @Nullable String model,
    List<ChunkChoice> choices,
    @Nullable Usage usage,
    @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** The {@code object} field's value: {@code chat.completion.chunk}. */
  public static final String OBJECT = "chat.completion.chunk";

  /** Makes the lists and maps immutable copies. */
  public ChatCompletionChunk {
    choices = choices == null ? List.of() : List.copyOf(choices);
    extra = Extras.copy(extra);
  }

  /** A chunk with the given id, creation time (epoch seconds), model and choices. */
  public static ChatCompletionChunk of(
      @Nullable String id, long created, @Nullable String model, List<ChunkChoice> choices) {
    return new ChatCompletionChunk(id, OBJECT, created, model, choices, null, null, Map.of());
  }

  /** The final chunk of a stream that asked for usage: no choices, only {@code usage}. */
  public static ChatCompletionChunk usageChunk(
      @Nullable String id, long created, @Nullable String model, @Nullable Usage usage) {
    return new ChatCompletionChunk(id, OBJECT, created, model, List.of(), usage, null, Map.of());
  }

  /** Whether this is the usage-only chunk (no choices, usage set). */
  public boolean isUsageOnly() {
    return choices.isEmpty() && usage != null;
  }

  /** Returns a copy whose {@code model} is {@code newModel}. */
  public ChatCompletionChunk withModel(@Nullable String newModel) {
    return new ChatCompletionChunk(
        id, object, created, newModel, choices, usage, systemFingerprint, extra);
  }

  /** Returns a copy whose {@code usage} is {@code newUsage}. */
  public ChatCompletionChunk withUsage(@Nullable Usage newUsage) {
    return new ChatCompletionChunk(
        id, object, created, model, choices, newUsage, systemFingerprint, extra);
  }
}
