package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/** Missing or invalid credentials. HTTP 401. Not retriable. */
public class AuthenticationException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** An authentication error with a message. */
  public AuthenticationException(String message) {
    this(message, null, null, null);
  }

  /** An authentication error from an upstream, with its status and body. */
  public AuthenticationException(
      String message,
      @Nullable String code,
      @Nullable Integer upstreamStatus,
      @Nullable Throwable cause) {
    super(message, "authentication_error", 401, code, null, upstreamStatus, cause, true);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
