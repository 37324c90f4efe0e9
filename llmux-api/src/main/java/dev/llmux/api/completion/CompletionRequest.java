package dev.llmux.api.completion;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.llmux.api.Extras;
import dev.llmux.api.Json;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A legacy text completion request. {@code prompt} is a string or a list of strings (token-id
 * prompts are kept as parsed but only native upstreams accept them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionRequest(
    @Nullable String model,
    @Nullable Object prompt,
    @Nullable String suffix,
    @JsonProperty("max_tokens") @JsonDeserialize(using = Json.StrictInt.class)
        @Nullable Integer maxTokens,
    @Nullable Double temperature,
    @JsonProperty("top_p") @Nullable Double topP,
    @JsonDeserialize(using = Json.StrictInt.class) @Nullable Integer n,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Nullable List<String> stop,
    @Nullable Boolean echo,
    @JsonDeserialize(using = Json.StrictInt.class) @Nullable Integer logprobs,
    @JsonProperty("presence_penalty") @Nullable Double presencePenalty,
    @JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
    @JsonDeserialize(using = Json.StrictLong.class) @Nullable Long seed,
    @Nullable String user,
    @Nullable Boolean stream,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public CompletionRequest {
    if (prompt instanceof List<?> l) {
      prompt = List.copyOf(l);
    }
    stop = stop == null ? null : List.copyOf(stop);
    extra = Extras.copy(extra);
  }

  /** A request for one prompt. */
  public static CompletionRequest of(@Nullable String model, @Nullable String prompt) {
    return new CompletionRequest(
        model, prompt, null, null, null, null, null, null, null, null, null, null, null, null, null,
        Map.of());
  }

  /** The prompts as strings: a string is one prompt; a list of strings is one each. */
  public @Nullable List<String> prompts() {
    if (prompt instanceof String s) {
      return List.of(s);
    }
    if (prompt instanceof List<?> l && l.stream().allMatch(o -> o instanceof String)) {
      return l.stream().map(String.class::cast).toList();
    }
    return null;
  }

  /** This request for another model. */
  public CompletionRequest withModel(@Nullable String newModel) {
    return new CompletionRequest(
        newModel,
        prompt,
        suffix,
        maxTokens,
        temperature,
        topP,
        n,
        stop,
        echo,
        logprobs,
        presencePenalty,
        frequencyPenalty,
        seed,
        user,
        stream,
        extra);
  }
}
