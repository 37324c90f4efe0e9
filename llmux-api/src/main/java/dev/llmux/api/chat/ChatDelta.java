package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code delta} of a stream chunk choice: the role first, then content and tool-call fragments.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatDelta(
    @Nullable String role,
    @Nullable String content,
    @JsonProperty("reasoning_content") @Nullable String reasoningContent,
    @Nullable String refusal,
    @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /** A delta that changes nothing. */
  public static final ChatDelta EMPTY = new ChatDelta(null, null, null, null, null, Map.of());

  /** Makes the lists and maps immutable copies. */
  public ChatDelta {
    toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    extra = Extras.copy(extra);
  }

  /** A delta that sets the message's role (the first chunk of a choice). */
  public static ChatDelta role(@Nullable String role) {
    return new ChatDelta(role, null, null, null, null, Map.of());
  }

  /** A delta that appends text to the message's content. */
  public static ChatDelta content(@Nullable String content) {
    return new ChatDelta(null, content, null, null, null, Map.of());
  }

  /** A delta that carries tool call fragments. */
  public static ChatDelta toolCalls(@Nullable List<ToolCall> toolCalls) {
    return new ChatDelta(null, null, null, null, toolCalls, Map.of());
  }
}
