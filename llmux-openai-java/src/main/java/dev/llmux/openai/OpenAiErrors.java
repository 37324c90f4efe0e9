package dev.llmux.openai;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import dev.llmux.api.Json;
import dev.llmux.api.error.LlmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OpenAI error bodies and responses for {@link LlmException}s, so the SDK maps them to its own
 * types.
 */
final class OpenAiErrors {
  private OpenAiErrors() {}

  /** {@code {"error":{"message","type","param","code"}}}. */
  static Map<String, Object> body(String message, String type, String param, String code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message == null ? "" : message);
    error.put("type", type);
    error.put("param", param);
    error.put("code", code);
    return Map.of("error", error);
  }

  static Map<String, Object> body(LlmException e) {
    return body(e.getMessage(), e.type(), e.param(), e.code());
  }

  /**
   * The response for a failed call: the exception's status, its OpenAI body and, when known,
   * retry-after.
   */
  static HttpResponse response(LlmException e, String requestId) {
    Headers.Builder headers = Headers.builder().put("content-type", "application/json");
    if (requestId != null) {
      headers.put("x-request-id", requestId);
    }
    Duration retryAfter = e.retryAfter();
    if (retryAfter != null && !retryAfter.isNegative()) {
      long ms = retryAfter.toMillis();
      headers.put("retry-after", Long.toString((ms + 999) / 1000));
      headers.put("retry-after-ms", Long.toString(ms));
    }
    return InMemoryResponse.of(e.httpStatus(), headers.build(), Json.writeBytes(body(e)));
  }

  /** A 400 invalid_request_error built here (malformed body, endpoint not served). */
  static HttpResponse badRequest(String message, String code) {
    return InMemoryResponse.of(
        400,
        Headers.builder().put("content-type", "application/json").build(),
        Json.writeBytes(body(message, "invalid_request_error", null, code)));
  }
}
