package dev.llmux.facade.admin;

/**
 * A management call that failed: answered with {@code status} and OpenAI's error body {@code
 * {"error":{"message","type","param","code"}}}.
 */
public final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String param;
  private final String code;

  public Failure(int status, String type, String message, String param, String code) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.param = param;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }

  static Failure badRequest(String message, String param) {
    return new Failure(400, "invalid_request_error", message, param, "bad_request");
  }

  static Failure unauthorized(String message) {
    return new Failure(401, "authentication_error", message, null, "invalid_api_key");
  }

  static Failure forbidden(String message) {
    return new Failure(403, "permission_error", message, null, "forbidden");
  }

  static Failure notFound(String message) {
    return new Failure(404, "invalid_request_error", message, null, "not_found");
  }

  static Failure conflict(String message) {
    return new Failure(409, "invalid_request_error", message, null, "conflict");
  }

  static Failure gone(String message) {
    return new Failure(410, "invalid_request_error", message, null, "gone");
  }

  static Failure unavailable(String message) {
    return new Failure(503, "api_error", message, null, "database_unavailable");
  }
}
