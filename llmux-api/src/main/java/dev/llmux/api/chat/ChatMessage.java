package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmux.api.Extras;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chat message, in a request or as a response choice's message.
 *
 * <p>{@code role} is one of {@link Role}; {@code content} may be {@code null} for an assistant
 * message that only calls tools. {@code reasoningContent} carries a model's visible reasoning (for
 * example Anthropic thinking) in responses; it is never sent upstream to OpenAI-family providers
 * unless the caller set it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
    String role,
    @Nullable MessageContent content,
    @Nullable String name,
    @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
    @JsonProperty("tool_call_id") @Nullable String toolCallId,
    @Nullable String refusal,
    @JsonProperty("reasoning_content") @Nullable String reasoningContent,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  /**
   * Checks that {@code role} is present; makes the lists and maps immutable copies (a null list or
   * map is empty).
   */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = toolCalls == null ? null : List.copyOf(toolCalls);
    extra = Extras.copy(extra);
  }

  /** A {@code system} message with text content. */
  public static ChatMessage system(String text) {
    return new ChatMessage(
        Role.SYSTEM, MessageContent.of(text), null, null, null, null, null, Map.of());
  }

  /** A {@code developer} message (the newer name of system) with text content. */
  public static ChatMessage developer(String text) {
    return new ChatMessage(
        Role.DEVELOPER, MessageContent.of(text), null, null, null, null, null, Map.of());
  }

  /** A {@code user} message with text content. */
  public static ChatMessage user(String text) {
    return new ChatMessage(
        Role.USER, MessageContent.of(text), null, null, null, null, null, Map.of());
  }

  /** A {@code user} message with content parts (text and images). */
  public static ChatMessage user(ContentPart... parts) {
    return new ChatMessage(
        Role.USER, MessageContent.of(parts), null, null, null, null, null, Map.of());
  }

  /** An {@code assistant} message with text content. */
  public static ChatMessage assistant(String text) {
    return new ChatMessage(
        Role.ASSISTANT, MessageContent.of(text), null, null, null, null, null, Map.of());
  }

  /** An assistant turn that calls tools (content may be {@code null}). */
  public static ChatMessage assistant(@Nullable String text, @Nullable List<ToolCall> toolCalls) {
    return new ChatMessage(
        Role.ASSISTANT,
        text == null ? null : MessageContent.of(text),
        null,
        toolCalls,
        null,
        null,
        null,
        Map.of());
  }

  /** A tool result answering the call with id {@code toolCallId}. */
  public static ChatMessage tool(@Nullable String toolCallId, String result) {
    return new ChatMessage(
        Role.TOOL, MessageContent.of(result), null, null, toolCallId, null, null, Map.of());
  }

  /** The content's text (text parts joined), or {@code null} when there is no content. */
  public @Nullable String text() {
    return content == null ? null : content.joinedText();
  }

  /** Returns a copy with {@code content} replaced. */
  public ChatMessage withContent(@Nullable MessageContent newContent) {
    return new ChatMessage(
        role, newContent, name, toolCalls, toolCallId, refusal, reasoningContent, extra);
  }
}
