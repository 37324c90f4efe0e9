package dev.llmux.providers.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.ContentPolicyException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Maps upstream failures to {@link LlmException}s: an HTTP status with its body and headers, an
 * error object inside a stream, an {@link IOException}, or a success answer that cannot be read.
 *
 * <p>Bodies in OpenAI's error shape ({@code {"error":{"message","type","param","code"}}}), in
 * Anthropic's ({@code {"type":"error","error":{"type","message"}}}) and in Google's ({@code
 * {"error":{"code","message","status"}}}, the status name standing in for the HTTP status inside
 * streams) give the message, code and param; other bodies (plain text, HTML, empty) are kept,
 * truncated, in the message. The upstream's own message text is always kept so that callers see it.
 *
 * <p>Status mapping: 400 {@link BadRequestException}, or {@link ContextWindowExceededException}
 * (code {@code context_length_exceeded}, or a message about the maximum context length, Anthropic's
 * "prompt is too long" / "exceed context limit", Gemini's "exceeds the maximum number of tokens"),
 * or {@link ContentPolicyException} (code {@code content_filter} / {@code
 * content_policy_violation}, or Azure's {@code innererror.code ResponsibleAIPolicyViolation}); 401
 * {@link AuthenticationException}; 403 {@link PermissionDeniedException}; 404 {@link
 * NotFoundException}; 408 {@link LlmTimeoutException}; 413 {@link BadRequestException} (Anthropic's
 * {@code request_too_large}; not retriable); 422 {@link BadRequestException} with status 422; 429
 * {@link RateLimitException} with the wait from {@code retry-after-ms} or {@code retry-after}
 * (seconds or an HTTP date); 409, 5xx and anything else {@link UpstreamServerException}.
 */
public final class ErrorMapper {
  /** Upstream text kept in a message at most. */
  static final int MAX_RAW_CHARS = 1000;

  private ErrorMapper() {}

  /**
   * Maps an upstream HTTP error answer. {@code headers} looks up a response header, or returns
   * null.
   */
  public static LlmException fromHttp(int status, String body, Function<String, String> headers) {
    return fromHttp(status, body, headers, Clock.systemUTC());
  }

  static LlmException fromHttp(
      int status, String body, Function<String, String> headers, Clock clock) {
    UpstreamError error = UpstreamError.parse(body);
    String message =
        error.message != null
            ? error.message
            : "upstream answered HTTP " + status + rawSuffix(body);
    switch (status) {
      case 400:
        return badRequest(error, message, 400);
      case 401:
        return new AuthenticationException(message, error.code, status, null);
      case 403:
        return new PermissionDeniedException(message, error.code, status, null);
      case 404:
        return new NotFoundException(message, error.code, status, null);
      case 408:
        return new LlmTimeoutException(message, status, null);
      case 413:
        // Anthropic's request_too_large: too big is never fixed by retrying.
        return isContextWindow(error)
            ? new ContextWindowExceededException(message, status, null)
            : new BadRequestException(
                message,
                error.code != null ? error.code : error.type,
                error.param,
                413,
                status,
                null);
      case 422:
        return new BadRequestException(message, error.code, error.param, 422, status, null);
      case 429:
        return new RateLimitException(message, retryAfter(headers, clock), status, null);
      default:
        return new UpstreamServerException(message, status, null);
    }
  }

  /**
   * Maps a Google (Gemini) error answer: like {@link #fromHttp}, except that a 400 with reason
   * {@code API_KEY_INVALID} is an {@link AuthenticationException}, and a 429 without a {@code
   * retry-after} header takes its wait from the body's {@code google.rpc.RetryInfo} {@code
   * retryDelay} ("30s").
   */
  public static LlmException fromGoogle(int status, String body, Function<String, String> headers) {
    if (status == 400 && body != null && body.contains("API_KEY_INVALID")) {
      // Google answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
      UpstreamError error = UpstreamError.parse(body);
      return new AuthenticationException(
          error.message != null ? error.message : "API key not valid",
          "API_KEY_INVALID",
          status,
          null);
    }
    LlmException e = fromHttp(status, body, headers);
    if (e instanceof RateLimitException && e.retryAfter() == null) {
      Duration delay = googleRetryDelay(body);
      if (delay != null) {
        return new RateLimitException(e.getMessage(), delay, status, null);
      }
    }
    return e;
  }

  static Duration googleRetryDelay(String body) {
    try {
      JsonNode root = Json.mapper().readTree(body);
      JsonNode details = root == null ? null : root.path("error").path("details");
      if (details == null || !details.isArray()) {
        return null;
      }
      for (JsonNode d : details) {
        JsonNode delay = d.get("retryDelay");
        if (delay != null && delay.isTextual() && delay.asText().endsWith("s")) {
          String v = delay.asText();
          double seconds = Double.parseDouble(v.substring(0, v.length() - 1));
          return Duration.ofNanos((long) (seconds * 1_000_000_000d));
        }
      }
    } catch (JsonProcessingException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  /**
   * Maps an error sent inside a stream ({@code data: {"error":{...}}} or an {@code event: error}):
   * there is no status, so the error {@code type} and {@code code} decide. {@code payload} is the
   * event's JSON text.
   */
  public static LlmException fromStreamError(String payload) {
    UpstreamError error = UpstreamError.parse(payload);
    String message =
        error.message != null ? error.message : "upstream stream error" + rawSuffix(payload);
    String kind =
        (error.type == null ? "" : error.type) + " " + (error.code == null ? "" : error.code);
    Integer status = error.status;
    if (status != null && status >= 400 && status < 600) {
      return fromHttp(status, payload, name -> null);
    }
    if (kind.contains("rate_limit")) {
      return new RateLimitException(message, null, null, null);
    }
    if (kind.contains("invalid_request") || isContextWindow(error) || isContentPolicy(error)) {
      return badRequest(error, message, null);
    }
    if (kind.contains("authentication")) {
      return new AuthenticationException(message, error.code, null, null);
    }
    if (kind.contains("permission")) {
      return new PermissionDeniedException(message, error.code, null, null);
    }
    if (kind.contains("not_found")) {
      return new NotFoundException(message, error.code, null, null);
    }
    if (kind.contains("timeout")) {
      return new LlmTimeoutException(message, null, null);
    }
    return new UpstreamServerException(message, null, null);
  }

  /**
   * Maps a transport failure: timeouts to {@link LlmTimeoutException}; a malformed HTTP answer (a
   * {@link ProtocolException} other than a premature end) to {@link UpstreamServerException}; the
   * rest (refused, unknown host, reset, unexpected end of stream...) to {@link
   * ConnectionException}.
   */
  public static LlmException fromIOException(IOException e) {
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return new LlmTimeoutException("upstream timed out: " + e.getMessage(), null, e);
    }
    if (e instanceof ProtocolException
        && !String.valueOf(e.getMessage()).contains("unexpected end of stream")) {
      return new UpstreamServerException(
          "upstream sent a malformed HTTP response: " + e.getMessage(), null, e);
    }
    return new ConnectionException(
        "upstream connection failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  /** A success answer ({@code status}) whose body cannot be used: empty, not JSON, wrong shape. */
  public static UpstreamServerException malformed(String detail, int status, Throwable cause) {
    return new UpstreamServerException(
        "malformed response from upstream: " + detail, status, cause);
  }

  /** {@code text} cut to {@value #MAX_RAW_CHARS} characters, marked when cut. */
  public static String truncate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_RAW_CHARS
        ? text
        : text.substring(0, MAX_RAW_CHARS) + "...(truncated)";
  }

  private static String rawSuffix(String body) {
    if (body == null || body.isBlank()) {
      return " with an empty body";
    }
    return ": " + truncate(body.strip());
  }

  private static LlmException badRequest(UpstreamError error, String message, Integer status) {
    if (isContextWindow(error)) {
      return new ContextWindowExceededException(message, status, null);
    }
    if (isContentPolicy(error)) {
      return new ContentPolicyException(message, status, null);
    }
    return new BadRequestException(message, error.code, error.param, 400, status, null);
  }

  private static boolean isContextWindow(UpstreamError error) {
    if ("context_length_exceeded".equals(error.code)) {
      return true;
    }
    if (error.message == null) {
      return false;
    }
    String m = error.message.toLowerCase(Locale.ROOT);
    return m.contains("maximum context length")
        || m.contains("context_length_exceeded")
        // Anthropic: "prompt is too long: 210000 tokens > 200000 maximum",
        // "input length and `max_tokens` exceed context limit"
        || m.contains("prompt is too long")
        || m.contains("exceed context limit")
        // Gemini: "The input token count (1200000) exceeds the maximum number of tokens allowed
        // (1048576)."
        || m.contains("exceeds the maximum number of tokens");
  }

  private static boolean isContentPolicy(UpstreamError error) {
    return "content_filter".equals(error.code)
        || "content_policy_violation".equals(error.code)
        || "content_policy_violation".equals(error.type)
        || "ResponsibleAIPolicyViolation".equals(error.innerCode);
  }

  /**
   * The wait a 429 asked for: {@code retry-after-ms}, else {@code retry-after}; {@code null} if
   * neither parses.
   */
  static Duration retryAfter(Function<String, String> headers, Clock clock) {
    String ms = headers.apply("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.trim());
        if (v >= 0 && !Double.isInfinite(v)) {
          return Duration.ofNanos((long) (v * 1_000_000d));
        }
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    String after = headers.apply("retry-after");
    if (after == null || after.isBlank()) {
      return null;
    }
    String v = after.trim();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds >= 0 && !Double.isInfinite(seconds)) {
        return Duration.ofNanos((long) (seconds * 1_000_000_000d));
      }
      return null;
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(clock.instant(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** The parts of an error body LLMux uses; every field may be {@code null}. */
  static final class UpstreamError {
    final String message;
    final String type;
    final String code;
    final String param;
    final String innerCode;
    final Integer status;

    private UpstreamError(
        String message, String type, String code, String param, String innerCode, Integer status) {
      this.message = message;
      this.type = type;
      this.code = code;
      this.param = param;
      this.innerCode = innerCode;
      this.status = status;
    }

    static final UpstreamError NONE = new UpstreamError(null, null, null, null, null, null);

    /**
     * Reads {@code {"error":{...}}}, {@code {"error":"text"}} or a top-level {@code {"message":...,
     * "type":..., "code":...}}; anything else gives {@link #NONE}.
     */
    static UpstreamError parse(String body) {
      if (body == null || body.isBlank()) {
        return NONE;
      }
      String trimmed = body.strip();
      if (trimmed.charAt(0) != '{') {
        return NONE;
      }
      JsonNode root;
      try {
        root = Json.mapper().readTree(trimmed);
      } catch (JsonProcessingException e) {
        return NONE;
      }
      if (root == null || !root.isObject()) {
        return NONE;
      }
      JsonNode error = root.get("error");
      if (error != null && error.isTextual()) {
        return new UpstreamError(
            error.asText(), text(root, "type"), text(root, "code"), null, null, null);
      }
      JsonNode node = error != null && error.isObject() ? error : root;
      JsonNode inner = node.get("innererror");
      String innerCode = inner != null && inner.isObject() ? text(inner, "code") : null;
      JsonNode statusNode = node.get("status");
      Integer status = statusNode != null && statusNode.isInt() ? statusNode.asInt() : null;
      if (status == null && statusNode != null && statusNode.isTextual()) {
        // Google's error shape: {"error":{"code":429,"message":...,"status":"RESOURCE_EXHAUSTED"}}
        status = googleStatus(statusNode.asText());
        JsonNode codeNode = node.get("code");
        if (codeNode != null
            && codeNode.isInt()
            && codeNode.asInt() >= 400
            && codeNode.asInt() < 600) {
          status = codeNode.asInt();
        }
      }
      String message = text(node, "message");
      if (message == null && node == root) {
        message = text(root, "detail");
      }
      if (message == null
          && node == root
          && text(root, "type") == null
          && text(root, "code") == null) {
        return NONE;
      }
      return new UpstreamError(
          message, text(node, "type"), text(node, "code"), text(node, "param"), innerCode, status);
    }

    /** The HTTP status of a google.rpc status name, or {@code null}. */
    static Integer googleStatus(String name) {
      switch (name) {
        case "INVALID_ARGUMENT":
        case "FAILED_PRECONDITION":
        case "OUT_OF_RANGE":
          return 400;
        case "UNAUTHENTICATED":
          return 401;
        case "PERMISSION_DENIED":
          return 403;
        case "NOT_FOUND":
          return 404;
        case "RESOURCE_EXHAUSTED":
          return 429;
        case "UNAVAILABLE":
          return 503;
        case "DEADLINE_EXCEEDED":
          return 504;
        case "INTERNAL":
        case "UNKNOWN":
        case "DATA_LOSS":
          return 500;
        default:
          return null;
      }
    }

    private static String text(JsonNode node, String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull() || v.isContainerNode()) {
        return null;
      }
      String s = v.asText();
      return s.isEmpty() ? null : s;
    }
  }
}
