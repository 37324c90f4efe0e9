package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The upstream could not be reached or dropped the connection. HTTP 502, type {@code
 * api_connection_error}. Retriable.
 */
public class ConnectionException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** A connection failure with its cause. */
  public ConnectionException(String message, @Nullable Throwable cause) {
    super(message, "api_connection_error", 502, "connection_error", null, null, cause, true);
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
