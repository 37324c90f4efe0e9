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

  public static final ChatDelta EMPTY = new ChatDelta(null, null, null, null, null, Map.of());

  public ChatDelta {
    toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    extra = Extras.copy(extra);
  }

  public static ChatDelta role(@Nullable String role) {
    return new ChatDelta(role, null, null, null, null, Map.of());
  }

  public static ChatDelta content(@Nullable String content) {
    return new ChatDelta(null, content, null, null, null, Map.of());
  }

  public static ChatDelta toolCalls(@Nullable List<ToolCall> toolCalls) {
    return new ChatDelta(null, null, null, null, toolCalls, Map.of());
  }
}
