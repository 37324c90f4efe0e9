package dev.llmux.api.completion;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;

/**
 * A legacy text completion request. {@code prompt} is a string or a list of strings (token-id
 * prompts are kept as parsed but only native upstreams accept them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionRequest(
    String model,
    Object prompt,
    String suffix,
    @JsonProperty("max_tokens") Integer maxTokens,
    Double temperature,
    @JsonProperty("top_p") Double topP,
    Integer n,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> stop,
    Boolean echo,
    Integer logprobs,
    @JsonProperty("presence_penalty") Double presencePenalty,
    @JsonProperty("frequency_penalty") Double frequencyPenalty,
    Long seed,
    String user,
    Boolean stream,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public CompletionRequest {
    if (prompt instanceof List<?> l) {
      prompt = List.copyOf(l);
    }
    stop = stop == null ? null : List.copyOf(stop);
    extra = Extras.copy(extra);
  }

  public static CompletionRequest of(String model, String prompt) {
    return new CompletionRequest(model, prompt, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /** The prompts as strings: a string is one prompt; a list of strings is one each. */
  public List<String> prompts() {
    if (prompt instanceof String s) {
      return List.of(s);
    }
    if (prompt instanceof List<?> l && l.stream().allMatch(o -> o instanceof String)) {
      return l.stream().map(String.class::cast).toList();
    }
    return null;
  }

  public CompletionRequest withModel(String newModel) {
    return new CompletionRequest(newModel, prompt, suffix, maxTokens, temperature, topP, n, stop, echo, logprobs,
        presencePenalty, frequencyPenalty, seed, user, stream, extra);
  }
}
