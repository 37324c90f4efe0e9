package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;

/** The {@code delta} of a stream chunk choice: the role first, then content and tool-call fragments. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatDelta(
    String role,
    String content,
    @JsonProperty("reasoning_content") String reasoningContent,
    String refusal,
    @JsonProperty("tool_calls") List<ToolCall> toolCalls,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final ChatDelta EMPTY = new ChatDelta(null, null, null, null, null, null);

  public ChatDelta {
    toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    extra = Extras.copy(extra);
  }

  public static ChatDelta role(String role) {
    return new ChatDelta(role, null, null, null, null, null);
  }

  public static ChatDelta content(String content) {
    return new ChatDelta(null, content, null, null, null, null);
  }

  public static ChatDelta toolCalls(List<ToolCall> toolCalls) {
    return new ChatDelta(null, null, null, null, toolCalls, null);
  }
}
