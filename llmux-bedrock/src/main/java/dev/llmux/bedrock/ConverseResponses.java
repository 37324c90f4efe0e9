package dev.llmux.bedrock;

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
import dev.llmux.providers.internal.anthropic.AnthropicResponses;
import java.util.ArrayList;
import java.util.List;

/** Bedrock Converse answer → OpenAI chat completion. Stateless. */
final class ConverseResponses {
  private ConverseResponses() {}

  /**
   * {@code end_turn}, {@code stop_sequence} → stop; {@code max_tokens}, {@code
   * model_context_window_exceeded} → length; {@code tool_use} → tool_calls; {@code
   * guardrail_intervened}, {@code content_filtered} → content_filter; unknown → stop.
   */
  static String finishReason(String stopReason) {
    if (stopReason == null) {
      return null;
    }
    switch (stopReason) {
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "guardrail_intervened":
      case "content_filtered":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.STOP;
    }
  }

  /**
   * Bedrock usage → OpenAI usage. As with Anthropic's API, {@code inputTokens} excludes the cached
   * tokens ({@code totalTokens} = input + output + cache read + cache write), so prompt_tokens =
   * inputTokens + cacheReadInputTokens + cacheWriteInputTokens; cached_tokens =
   * cacheReadInputTokens; cache writes are also reported as {@code cache_creation_input_tokens}.
   */
  static Usage usage(JsonNode u) {
    int input = Translation.integer(u, "inputTokens");
    int cacheRead = Translation.integer(u, "cacheReadInputTokens");
    int cacheWrite = Translation.integer(u, "cacheWriteInputTokens");
    int output = Translation.integer(u, "outputTokens");
    int prompt = input + cacheRead + cacheWrite;
    return new Usage(
        prompt,
        output,
        prompt + output,
        Usage.PromptTokensDetails.cached(cacheRead),
        null,
        AnthropicResponses.cacheWrites(cacheWrite));
  }

  static ChatCompletionResponse toChat(
      JsonNode r, String id, String model, String jsonTool, long created) {
    JsonNode content = r.path("output").path("message").path("content");
    if (!content.isArray()) {
      throw ErrorMapper.malformed(
          "bedrock answer without output.message.content: " + ErrorMapper.truncate(r.toString()),
          200,
          null);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    boolean jsonOutput = false;
    for (JsonNode block : content) {
      if (block.has("text")) {
        text.append(block.get("text").asText());
      } else if (block.has("toolUse")) {
        JsonNode use = block.get("toolUse");
        String name = use.path("name").asText();
        String args = Json.write(use.path("input"));
        if (name.equals(jsonTool)) {
          text.setLength(0);
          text.append(args);
          jsonOutput = true;
        } else {
          calls.add(ToolCall.function(use.path("toolUseId").asText(), name, args));
        }
      } else if (block.has("reasoningContent")) {
        JsonNode rt = block.get("reasoningContent").path("reasoningText");
        if (rt.hasNonNull("text")) {
          reasoning.append(rt.get("text").asText());
        }
      }
      // citationsContent, image, document, redacted reasoning: not representable in the OpenAI
      // shape
    }
    String finish = finishReason(Translation.text(r, "stopReason"));
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
            reasoning.length() == 0 ? null : reasoning.toString(),
            null);
    Usage usage = r.has("usage") ? usage(r.get("usage")) : null;
    return ChatCompletionResponse.of(
        id, created, model, List.of(ChatChoice.of(0, message, finish)), usage);
  }
}
