package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The model (code {@code model_not_found}) or resource does not exist. HTTP 404, OpenAI type {@code
 * invalid_request_error}. Not retriable.
 */
public class NotFoundException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** A not-found error with a message and an error code. */
  public NotFoundException(String message, @Nullable String code) {
    this(message, code, null, null);
  }

  /** A not-found error from an upstream, with its status and body. */
  public NotFoundException(
      String message,
      @Nullable String code,
      @Nullable Integer upstreamStatus,
      @Nullable Throwable cause) {
    super(
        message,
        "invalid_request_error",
        404,
        code,
        code != null && code.equals("model_not_found") ? "model" : null,
        upstreamStatus,
        cause,
        true);
  }

  /** The error for a model name that matches no model group, alias, wildcard or provider. */
  public static NotFoundException model(String model) {
    return new NotFoundException(
        "The model '" + model + "' does not exist or is not configured", "model_not_found");
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
