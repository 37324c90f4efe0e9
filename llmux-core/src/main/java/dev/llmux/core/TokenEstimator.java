package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.embedding.EmbeddingRequest;

/**
 * Estimates token counts when a provider reports no usage: about four characters per token plus a
 * small per-message overhead, the rule of thumb OpenAI documents for English text. Used only as a
 * fallback; provider-reported usage always wins.
 */
final class TokenEstimator {
  private static final int PER_MESSAGE = 4;
  private static final int PER_IMAGE = 85;

  private TokenEstimator() {}

  static int ofText(CharSequence s) {
    return s == null || s.length() == 0 ? 0 : (s.length() + 3) / 4;
  }

  static int prompt(ChatCompletionRequest request) {
    int tokens = 3;
    for (ChatMessage m : request.messages()) {
      tokens += PER_MESSAGE;
      if (m.content() != null) {
        if (m.content().isText()) {
          tokens += ofText(m.content().text());
        } else {
          for (ContentPart p : m.content().parts()) {
            tokens += p.isImage() ? PER_IMAGE : ofText(p.text());
          }
        }
      }
      if (m.toolCalls() != null) {
        for (ToolCall tc : m.toolCalls()) {
          if (tc.function() != null) {
            tokens += ofText(tc.function().name()) + ofText(tc.function().arguments());
          }
        }
      }
    }
    return tokens;
  }

  static int embeddingInput(EmbeddingRequest request) {
    int tokens = 0;
    for (Object item : request.inputItems()) {
      tokens += item instanceof String s ? ofText(s) : item instanceof java.util.List<?> l ? l.size() : 1;
    }
    return tokens;
  }
}
