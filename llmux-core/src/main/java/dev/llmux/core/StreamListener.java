package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.error.LlmException;

/**
 * Callback form of a routed stream. Exactly one of {@link #onComplete} and {@link #onError} is
 * called last; {@link #onChunk} is called for each chunk before that, from one thread at a time.
 */
public interface StreamListener {
  /** A chunk of the stream, in order. */
  void onChunk(ChatCompletionChunk chunk);

  /** The stream ended normally. */
  void onComplete(RouteResult<Void> result);

  /** The stream failed, before or after its first chunk, or was cancelled. */
  void onError(LlmException error);
}
