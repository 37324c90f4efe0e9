package dev.llmux.api.error;

/** Missing or invalid credentials. HTTP 401. Not retriable. */
public class AuthenticationException extends LlmException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    this(message, null, null, null);
  }

  public AuthenticationException(String message, String code, Integer upstreamStatus, Throwable cause) {
    super(message, "authentication_error", 401, code, null, upstreamStatus, cause, true);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
