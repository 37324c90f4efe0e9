package dev.llmux.api.completion;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import dev.llmux.api.chat.Usage;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A legacy text completion ({@code object = "text_completion"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionResponse(
    @Nullable String id,
    @Nullable String object,
    long created,
    @Nullable String model,
    List<Choice> choices,
    @Nullable Usage usage,
    @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** The {@code object} field's value: {@code text_completion}. */
  public static final String OBJECT = "text_completion";

  /** Makes the lists and maps immutable copies. */
  public CompletionResponse {
    choices = choices == null ? List.of() : List.copyOf(choices);
    extra = Extras.copy(extra);
  }

  /** The first choice's text, or {@code null}. */
  public @Nullable String text() {
    return choices.isEmpty() ? null : choices.get(0).text();
  }

  /** This response with another model name. */
  public CompletionResponse withModel(@Nullable String newModel) {
    return new CompletionResponse(
        id, object, created, newModel, choices, usage, systemFingerprint, extra);
  }

  /** One completion choice. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Choice(
      @Nullable String text,
      int index,
      @Nullable Object logprobs,
      @JsonProperty("finish_reason") @Nullable String finishReason,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    /** Makes the lists and maps immutable copies. */
    public Choice {
      extra = Extras.copy(extra);
    }
  }
}
