package dev.llmux.facade;

/**
 * An error to answer: thrown by the authenticator, the body reader, the route table's checks and
 * the endpoints, and answered in one place, {@link FacadeHandler}, as OpenAI's error JSON with its
 * headers ({@code Retry-After}, {@code Allow}, {@code Connection: close}). Created without a stack
 * trace: it is an answer, not a bug. A router failure is not wrapped: the handler answers an {@link
 * dev.llmux.api.error.LlmException} with {@link ApiError#of}.
 */
final class ApiErrorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The methods a 405 answer lists in {@code Allow}, or {@code null}. */
  private final String allow;

  /** Whether the answer closes the connection (the body was left unread on purpose). */
  private final boolean closeConnection;

  private final transient ApiError error;

  ApiErrorException(ApiError error) {
    this(error, null, false);
  }

  private ApiErrorException(ApiError error, String allow, boolean closeConnection) {
    super(error.message(), null, false, false);
    this.error = error;
    this.allow = allow;
    this.closeConnection = closeConnection;
  }

  /** 405 {@code method_not_allowed}, answered with {@code Allow: allow}. */
  static ApiErrorException methodNotAllowed(String method, String path, String allow) {
    return new ApiErrorException(ApiError.methodNotAllowed(method, path), allow, false);
  }

  /** A 405 of the management API, answered with {@code Allow: allow}. */
  static ApiErrorException withAllow(ApiError error, String allow) {
    return new ApiErrorException(error, allow, false);
  }

  /** 413 {@code request_too_large}, answered with {@code Connection: close}. */
  static ApiErrorException tooLarge(long limit) {
    return new ApiErrorException(ApiError.tooLarge(limit), null, true);
  }

  /**
   * 408 {@code request_timeout}: the body did not arrive in time; answered with {@code Connection:
   * close} (what is left of it is never read).
   */
  static ApiErrorException requestTimeout(String message) {
    return new ApiErrorException(
        new ApiError(408, "invalid_request_error", message, null, "request_timeout", null),
        null,
        true);
  }

  /** 400 {@code invalid_request_error} naming {@code param}, or with {@code code}. */
  static ApiErrorException badRequest(String message, String param, String code) {
    return new ApiErrorException(ApiError.badRequest(message, param, code));
  }

  ApiError error() {
    return error;
  }

  String allow() {
    return allow;
  }

  boolean closeConnection() {
    return closeConnection;
  }
}
