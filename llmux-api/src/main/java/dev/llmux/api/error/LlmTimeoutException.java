package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/**
 * An attempt took longer than its timeout (connect, total, or time to first chunk). HTTP 504, type
 * {@code timeout_error}; also used for an upstream 408. Retriable.
 */
public class LlmTimeoutException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** A timeout with a message. */
  public LlmTimeoutException(String message) {
    this(message, null, null);
  }

  /** A timeout with a message and its cause. */
  public LlmTimeoutException(
      String message, @Nullable Integer upstreamStatus, @Nullable Throwable cause) {
    super(message, "timeout_error", 504, "timeout", null, upstreamStatus, cause, true);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
