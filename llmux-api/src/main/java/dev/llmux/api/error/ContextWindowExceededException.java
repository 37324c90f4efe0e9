package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The prompt (plus requested output) does not fit the model's context window. HTTP 400, code {@code
 * context_length_exceeded}. Not retriable; triggers context-window fallbacks.
 */
public class ContextWindowExceededException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  /** A prompt longer than the context window, with a message. */
  public ContextWindowExceededException(String message) {
    this(message, null, null);
  }

  /** A prompt longer than the context window, as an upstream reported it. */
  public ContextWindowExceededException(
      String message, @Nullable Integer upstreamStatus, @Nullable Throwable cause) {
    super(message, "context_length_exceeded", "messages", 400, upstreamStatus, cause);
  }
}
