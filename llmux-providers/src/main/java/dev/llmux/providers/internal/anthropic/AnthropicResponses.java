package dev.llmux.providers.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.FinishReason;
import dev.llmux.api.chat.MessageContent;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.Translation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Anthropic Messages response → OpenAI chat completion. Stateless. */
public final class AnthropicResponses {
  private AnthropicResponses() {}

  /**
   * {@code end_turn}, {@code stop_sequence}, {@code pause_turn} → stop; {@code max_tokens} →
   * length; {@code tool_use} → tool_calls; {@code refusal} → content_filter; unknown → stop.
   */
  public static String finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    switch (stopReason) {
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.STOP;
    }
  }

  /**
   * Anthropic usage → OpenAI usage: prompt_tokens = input + cache_read + cache_creation
   * (Anthropic's input_tokens excludes cached tokens); cached_tokens = cache_read; completion =
   * output.
   */
  public static Usage usage(int input, int cacheRead, int cacheCreation, int output) {
    int prompt = input + cacheRead + cacheCreation;
    return new Usage(
        prompt,
        output,
        prompt + output,
        Usage.PromptTokensDetails.cached(cacheRead),
        null,
        cacheWrites(cacheCreation));
  }

  /**
   * Cache writes as LiteLLM reports them, {@code usage.cache_creation_input_tokens} (the router
   * bills them at the cache-write price), or {@code null} when there were none.
   */
  public static Map<String, Object> cacheWrites(int cacheCreation) {
    return cacheCreation > 0 ? Map.of("cache_creation_input_tokens", cacheCreation) : null;
  }

  public static Usage usage(JsonNode u) {
    return usage(
        Translation.integer(u, "input_tokens"),
        Translation.integer(u, "cache_read_input_tokens"),
        Translation.integer(u, "cache_creation_input_tokens"),
        Translation.integer(u, "output_tokens"));
  }

  public static ChatCompletionResponse toChat(JsonNode msg, String jsonTool, long created) {
    if ("error".equals(Translation.text(msg, "type"))) {
      throw ErrorMapper.fromStreamError(msg.toString());
    }
    JsonNode content = msg.get("content");
    if (content == null || !content.isArray()) {
      throw ErrorMapper.malformed(
          "anthropic message without content: " + ErrorMapper.truncate(msg.toString()), 200, null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    boolean jsonOutput = false;
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text":
          text.append(block.path("text").asText());
          break;
        case "thinking":
          thinking.append(block.path("thinking").asText());
          break;
        case "tool_use":
          String name = block.path("name").asText();
          String args = Json.write(block.path("input"));
          if (name.equals(jsonTool)) {
            text.setLength(0);
            text.append(args);
            jsonOutput = true;
          } else {
            calls.add(ToolCall.function(block.path("id").asText(), name, args));
          }
          break;
        default:
          // redacted_thinking, server tool blocks: not representable in the OpenAI shape
      }
    }
    String finish = finishReason(Translation.text(msg, "stop_reason"));
    if (jsonOutput && calls.isEmpty() && FinishReason.TOOL_CALLS.equals(finish)) {
      finish = FinishReason.STOP;
    }
    ChatMessage message =
        new ChatMessage(
            Role.ASSISTANT,
            text.length() == 0 && !calls.isEmpty() ? null : MessageContent.of(text.toString()),
            null,
            calls.isEmpty() ? null : calls,
            null,
            null,
            thinking.length() == 0 ? null : thinking.toString(),
            null);
    Usage usage = msg.has("usage") ? usage(msg.get("usage")) : null;
    return ChatCompletionResponse.of(
        Translation.text(msg, "id"),
        created,
        Translation.text(msg, "model"),
        List.of(ChatChoice.of(0, message, finish)),
        usage);
  }
}
