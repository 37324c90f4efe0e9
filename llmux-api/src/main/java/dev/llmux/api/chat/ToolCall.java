package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmux.api.Extras;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool call made by the assistant. In responses {@code id}, {@code type} and {@code function} are
 * set; in stream deltas {@code index} says which call a fragment belongs to and the other fields
 * may be absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCall(
    @Nullable Integer index,
    @Nullable String id,
    @Nullable String type,
    @Nullable FunctionCall function,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** Makes the lists and maps immutable copies. */
  public ToolCall {
    extra = Extras.copy(extra);
  }

  /** A complete function tool call, as found in a non-streamed response or an assistant message. */
  public static ToolCall function(
      @Nullable String id, @Nullable String name, @Nullable String argumentsJson) {
    return new ToolCall(null, id, "function", new FunctionCall(name, argumentsJson), Map.of());
  }

  /** A stream delta fragment of a tool call. */
  public static ToolCall delta(
      int index, @Nullable String id, @Nullable String name, @Nullable String argumentsFragment) {
    return new ToolCall(
        index,
        id,
        id != null ? "function" : null,
        new FunctionCall(name, argumentsFragment),
        Map.of());
  }
}
