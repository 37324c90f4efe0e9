package dev.llmux.facade;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmux.api.Json;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.PermissionDeniedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * An error as the facade answers it: the HTTP status, OpenAI's error body {@code
 * {"error":{"message","type","param","code"}}} ({@code param} and {@code code} are written as
 * {@code null} when absent, as OpenAI does) and an optional {@code Retry-After}.
 */
record ApiError(
    int status, String type, String message, String param, String code, Duration retryAfter) {

  static ApiError of(LlmException e) {
    if (e.upstreamStatus() != null
        && (e instanceof AuthenticationException || e instanceof PermissionDeniedException)) {
      // the provider refused the deployment's own key: not the caller's fault, and its message
      // (often the upstream key's masked suffix) must not read as if the caller's key were wrong
      return new ApiError(
          502,
          "api_error",
          "The upstream provider refused the credentials of the deployment serving this model"
              + " (upstream HTTP "
              + e.upstreamStatus()
              + "); your key was accepted. The operator must fix the deployment's api_key or its"
              + " access to the model.",
          null,
          "upstream_auth_failed",
          null);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new ApiError(e.httpStatus(), e.type(), message, e.param(), e.code(), e.retryAfter());
  }

  static ApiError badRequest(String message, String param, String code) {
    return new ApiError(400, "invalid_request_error", message, param, code, null);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, "authentication_error", message, null, "invalid_api_key", null);
  }

  static ApiError notFound(String message, String code) {
    return new ApiError(404, "invalid_request_error", message, null, code, null);
  }

  static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(
        405,
        "invalid_request_error",
        "Method " + method + " is not allowed on " + path,
        null,
        "method_not_allowed",
        null);
  }

  static ApiError tooLarge(long limit) {
    return new ApiError(
        413,
        "invalid_request_error",
        "The request body is larger than this server accepts (" + limit + " bytes)",
        null,
        "request_too_large",
        null);
  }

  static ApiError internal(String message) {
    return new ApiError(500, "api_error", message, null, "internal_error", null);
  }

  static ApiError unavailable(String message, String code) {
    return new ApiError(503, "api_error", message, null, code, null);
  }

  /** {@code Retry-After} in whole seconds, rounded up, or {@code null}. */
  String retryAfterSeconds() {
    if (retryAfter == null || retryAfter.isNegative()) {
      return null;
    }
    long ms = retryAfter.toMillis();
    return Long.toString((ms + 999) / 1000);
  }

  /** Writes the JSON body to {@code out} (not closed). */
  void writeJson(OutputStream out) throws IOException {
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("message", message);
      g.writeStringField("type", type);
      g.writeStringField("param", param);
      g.writeStringField("code", code);
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  /**
   * Writes the Responses API's streaming error event to {@code out} (not closed): {@code
   * {"type":"error","code","message","param","sequence_number"}}, as OpenAI sends it.
   */
  void writeResponsesErrorEvent(OutputStream out, int sequenceNumber) throws IOException {
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      g.writeStringField("type", "error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      g.writeStringField("param", param);
      g.writeNumberField("sequence_number", sequenceNumber);
      g.writeEndObject();
    }
  }

  byte[] toJsonBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + message.length());
    try {
      writeJson(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
