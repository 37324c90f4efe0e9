package dev.llmux.api.responses;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.llmux.api.Extras;
import dev.llmux.api.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Responses API request ({@code POST /v1/responses}). {@code input} is a string (one user
 * message) or a list of items ({@link ResponseItem}s, or maps as parsed from JSON); it is written
 * back in the form given. {@code tool_choice} is {@code none}/{@code auto}/{@code required} or an
 * object ({@code {"type":"function","name":...}}).
 */
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponsesRequest(
    @Nullable String model,
    @Nullable Object input,
    @Nullable String instructions,
    @Nullable List<ResponseTool> tools,
    @JsonProperty("tool_choice") @Nullable Object toolChoice,
    @JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls,
    @Nullable TextConfig text,
    @JsonProperty("max_output_tokens") @JsonDeserialize(using = Json.StrictInt.class)
        @Nullable Integer maxOutputTokens,
    @Nullable Reasoning reasoning,
    @Nullable Map<String, String> metadata,
    @Nullable Boolean stream,
    @Nullable Boolean store,
    @JsonProperty("previous_response_id") @Nullable String previousResponseId,
    @Nullable Double temperature,
    @JsonProperty("top_p") @Nullable Double topP,
    @Nullable String user,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  private static final TypeReference<List<ResponseItem>> ITEMS = new TypeReference<>() {};

  /** Makes the lists and maps immutable copies. */
  public ResponsesRequest {
    if (input instanceof List<?> l) {
      input = List.copyOf(l);
    }
    tools = tools == null ? null : List.copyOf(tools);
    metadata = metadata == null ? null : Map.copyOf(metadata);
    extra = Extras.copy(extra);
  }

  /** A request with a model and a text input. */
  public static ResponsesRequest of(@Nullable String model, @Nullable String input) {
    return new ResponsesRequest(
        model, input, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, Map.of());
  }

  /** A request with a model and input items. */
  public static ResponsesRequest of(@Nullable String model, @Nullable List<ResponseItem> input) {
    return new ResponsesRequest(
        model, input, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, Map.of());
  }

  /** Whether the request asks for a stream. */
  public boolean isStream() {
    return Boolean.TRUE.equals(stream);
  }

  /** The input as items: a string is one user message. */
  public List<ResponseItem> inputItems() {
    if (input == null) {
      return List.of();
    }
    if (input instanceof String s) {
      return List.of(ResponseItem.message("user", s));
    }
    if (input instanceof List<?> list) {
      if (list.stream().allMatch(o -> o instanceof ResponseItem)) {
        @SuppressWarnings("unchecked")
        List<ResponseItem> items = (List<ResponseItem>) list;
        return items;
      }
      return Json.mapper().convertValue(list, ITEMS);
    }
    throw new IllegalArgumentException("input must be a string or a list of items");
  }

  /** Returns a copy with {@code model} replaced. */
  public ResponsesRequest withModel(@Nullable String newModel) {
    return new ResponsesRequest(
        newModel,
        input,
        instructions,
        tools,
        toolChoice,
        parallelToolCalls,
        text,
        maxOutputTokens,
        reasoning,
        metadata,
        stream,
        store,
        previousResponseId,
        temperature,
        topP,
        user,
        extra);
  }

  /** Returns a copy with {@code stream} replaced. */
  public ResponsesRequest withStream(@Nullable Boolean newStream) {
    return new ResponsesRequest(
        model,
        input,
        instructions,
        tools,
        toolChoice,
        parallelToolCalls,
        text,
        maxOutputTokens,
        reasoning,
        metadata,
        newStream,
        store,
        previousResponseId,
        temperature,
        topP,
        user,
        extra);
  }

  /** Returns a copy with {@code store} replaced. */
  public ResponsesRequest withStore(@Nullable Boolean newStore) {
    return new ResponsesRequest(
        model,
        input,
        instructions,
        tools,
        toolChoice,
        parallelToolCalls,
        text,
        maxOutputTokens,
        reasoning,
        metadata,
        stream,
        newStore,
        previousResponseId,
        temperature,
        topP,
        user,
        extra);
  }

  /** Returns a copy with the given extra fields (replacing {@link #extra()}). */
  public ResponsesRequest withExtra(Map<String, Object> newExtra) {
    return new ResponsesRequest(
        model,
        input,
        instructions,
        tools,
        toolChoice,
        parallelToolCalls,
        text,
        maxOutputTokens,
        reasoning,
        metadata,
        stream,
        store,
        previousResponseId,
        temperature,
        topP,
        user,
        new LinkedHashMap<>(newExtra));
  }
}
