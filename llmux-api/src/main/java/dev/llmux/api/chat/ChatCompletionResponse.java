package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An OpenAI-shaped chat completion ({@code object = "chat.completion"}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionResponse(
    @Nullable String id,
    @Nullable String object,
    long created,
    @Nullable String model,
    List<ChatChoice> choices,
    @Nullable Usage usage,
    @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
    @JsonProperty("service_tier") @Nullable String serviceTier,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** The {@code object} field's value: {@code chat.completion}. */
  public static final String OBJECT = "chat.completion";

  /** Makes the lists and maps immutable copies. */
  public ChatCompletionResponse {
    choices = choices == null ? List.of() : List.copyOf(choices);
    extra = Extras.copy(extra);
  }

  /** A response with the given id, creation time (epoch seconds), model, choices and usage. */
  public static ChatCompletionResponse of(
      @Nullable String id,
      long created,
      @Nullable String model,
      List<ChatChoice> choices,
      @Nullable Usage usage) {
    return new ChatCompletionResponse(
        id, OBJECT, created, model, choices, usage, null, null, Map.of());
  }

  /** The first choice's message text, or {@code null}. */
  public @Nullable String text() {
    return choices.isEmpty() || choices.get(0).message() == null
        ? null
        : choices.get(0).message().text();
  }

  /** Returns a copy whose {@code model} is {@code newModel}. */
  public ChatCompletionResponse withModel(@Nullable String newModel) {
    return new ChatCompletionResponse(
        id, object, created, newModel, choices, usage, systemFingerprint, serviceTier, extra);
  }

  /** Returns a copy whose {@code usage} is {@code newUsage}. */
  public ChatCompletionResponse withUsage(@Nullable Usage newUsage) {
    return new ChatCompletionResponse(
        id, object, created, model, choices, newUsage, systemFingerprint, serviceTier, extra);
  }
}
