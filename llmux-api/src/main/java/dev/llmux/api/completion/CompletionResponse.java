package dev.llmux.api.completion;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import dev.llmux.api.chat.Usage;

/** A legacy text completion ({@code object = "text_completion"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionResponse(
    String id,
    String object,
    long created,
    String model,
    List<Choice> choices,
    Usage usage,
    @JsonProperty("system_fingerprint") String systemFingerprint,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String OBJECT = "text_completion";

  public CompletionResponse {
    choices = choices == null ? List.of() : List.copyOf(choices);
    extra = Extras.copy(extra);
  }

  /** The first choice's text, or {@code null}. */
  public String text() {
    return choices.isEmpty() ? null : choices.get(0).text();
  }

  public CompletionResponse withModel(String newModel) {
    return new CompletionResponse(id, object, created, newModel, choices, usage, systemFingerprint, extra);
  }

  /** One completion choice. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Choice(
      String text,
      int index,
      Object logprobs,
      @JsonProperty("finish_reason") String finishReason,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {
    public Choice {
      extra = Extras.copy(extra);
    }
  }
}
