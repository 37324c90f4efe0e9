package dev.llmux.providers.internal.gemini;

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

/** Gemini {@code GenerateContentResponse} → OpenAI chat completion. Stateless. */
public final class GeminiResponses {
  private GeminiResponses() {}

  /**
   * STOP (and OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, unspecified) → stop, or tool_calls when the
   * candidate called functions; MAX_TOKENS → length; SAFETY, RECITATION, BLOCKLIST,
   * PROHIBITED_CONTENT, SPII, IMAGE_SAFETY → content_filter.
   */
  public static String finishReason(String reason, boolean calledFunctions) {
    if (reason == null) {
      return null;
    }
    switch (reason) {
      case "MAX_TOKENS":
        return FinishReason.LENGTH;
      case "SAFETY":
      case "RECITATION":
      case "BLOCKLIST":
      case "PROHIBITED_CONTENT":
      case "SPII":
      case "IMAGE_SAFETY":
        return FinishReason.CONTENT_FILTER;
      default:
        return calledFunctions ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
  }

  /**
   * usageMetadata → usage: prompt = promptTokenCount (it includes cachedContentTokenCount, which
   * becomes cached_tokens); completion = candidatesTokenCount + thoughtsTokenCount
   * (reasoning_tokens).
   */
  public static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return null;
    }
    int prompt = Translation.integer(u, "promptTokenCount");
    int thoughts = Translation.integer(u, "thoughtsTokenCount");
    int completion = Translation.integer(u, "candidatesTokenCount") + thoughts;
    int cached = Translation.integer(u, "cachedContentTokenCount");
    return new Usage(
        prompt,
        completion,
        prompt + completion,
        cached > 0 ? Usage.PromptTokensDetails.cached(cached) : null,
        thoughts > 0 ? Usage.CompletionTokensDetails.reasoning(thoughts) : null,
        null);
  }

  /** Separates a tool-call id from the Gemini thought signature carried in it. */
  public static final String SIGNATURE_MARK = Translation.THOUGHT_SIGNATURE_MARK;

  /**
   * A tool-call id: Gemini's {@code functionCall.id} when sent, else one derived from the response.
   * When the part carries a {@code thoughtSignature} (Gemini 3 requires it back with the call in
   * the next turn), it rides in the id after {@value #SIGNATURE_MARK}, so a caller that echoes the
   * tool call back gives it to {@link GeminiRequests} without knowing about it.
   */
  public static String callId(
      JsonNode part, JsonNode call, String responseId, int candidate, int index) {
    String id = Translation.text(call, "id");
    String base =
        id != null
            ? id
            : "call_"
                + (responseId == null ? "gemini" : responseId)
                + "_"
                + candidate
                + "_"
                + index;
    String signature = Translation.text(part, "thoughtSignature");
    return signature == null ? base : base + SIGNATURE_MARK + signature;
  }

  public static ChatCompletionResponse toChat(JsonNode r, String model, long created) {
    if (r.has("error")) {
      throw ErrorMapper.fromStreamError(r.toString());
    }
    String responseId = Translation.text(r, "responseId");
    List<ChatChoice> choices = new ArrayList<>();
    JsonNode candidates = r.path("candidates");
    if (!candidates.isArray() || candidates.isEmpty()) {
      if (r.path("promptFeedback").has("blockReason")) {
        choices.add(ChatChoice.of(0, ChatMessage.assistant(""), FinishReason.CONTENT_FILTER));
      } else {
        throw ErrorMapper.malformed(
            "gemini answer without candidates: " + ErrorMapper.truncate(r.toString()), 200, null);
      }
    }
    int pos = 0;
    for (JsonNode c : candidates) {
      int index = c.has("index") ? c.get("index").asInt() : pos;
      pos++;
      StringBuilder text = new StringBuilder();
      StringBuilder thoughts = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>();
      for (JsonNode part : c.path("content").path("parts")) {
        if (part.has("functionCall")) {
          JsonNode call = part.get("functionCall");
          calls.add(
              ToolCall.function(
                  callId(part, call, responseId, index, calls.size()),
                  call.path("name").asText(),
                  Json.write(call.has("args") ? call.get("args") : Translation.object())));
        } else if (part.has("text")) {
          (part.path("thought").asBoolean(false) ? thoughts : text)
              .append(part.get("text").asText());
        }
      }
      ChatMessage message =
          new ChatMessage(
              Role.ASSISTANT,
              text.length() == 0 && !calls.isEmpty() ? null : MessageContent.of(text.toString()),
              null,
              calls.isEmpty() ? null : calls,
              null,
              null,
              thoughts.length() == 0 ? null : thoughts.toString(),
              null);
      String finish = finishReason(Translation.text(c, "finishReason"), !calls.isEmpty());
      choices.add(ChatChoice.of(index, message, finish == null ? FinishReason.STOP : finish));
    }
    String version = Translation.text(r, "modelVersion");
    return ChatCompletionResponse.of(
        responseId != null ? responseId : "gemini-" + created,
        created,
        version != null ? version : model,
        choices,
        usage(r.get("usageMetadata")));
  }
}
