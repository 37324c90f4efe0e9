package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/** The request is invalid (HTTP 400, or 422 from some upstreams). Not retriable. */
public class BadRequestException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** A bad request with a message. */
  public BadRequestException(String message) {
    this(message, null, null, 400, null, null);
  }

  /** A bad request naming the offending parameter. */
  public BadRequestException(String message, @Nullable String param) {
    this(message, null, param, 400, null, null);
  }

  /** A bad request with every field, as an upstream reported it. */
  public BadRequestException(
      String message,
      @Nullable String code,
      @Nullable String param,
      int httpStatus,
      @Nullable Integer upstreamStatus,
      @Nullable Throwable cause) {
    super(message, "invalid_request_error", httpStatus, code, param, upstreamStatus, cause, true);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
