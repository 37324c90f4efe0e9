package dev.llmux.facade;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmux.api.Json;
import java.io.IOException;

/**
 * Parses request bodies. The body has arrived whole before the endpoint runs ({@link BodyBuffer},
 * which also enforces {@code max_request_body}, the body timeout and the minimum data rate): it is
 * parsed into a request record, or handed over as bytes (the management API). A body that is not
 * JSON of the request's shape (or is JSON {@code null}) is 400 {@code invalid_json}.
 */
final class BodyReader {
  /**
   * How much of an over-limit body is read and thrown away before answering 413. A server that
   * answers and closes while the client is still sending makes the kernel reset the connection, and
   * the client then sees "connection reset" instead of the 413; reading the rest first (up to this
   * much, within the read timeout) lets the answer arrive. Bigger bodies are answered at once.
   */
  static final long DRAIN_LIMIT = 1024 * 1024;

  BodyReader() {}

  /**
   * The body parsed into {@code type}, never {@code null}.
   *
   * @throws ApiErrorException 400 {@code invalid_json}
   */
  <T> T read(Exchange ex, Class<T> type) {
    byte[] body = readAll(ex);
    T value;
    try {
      value = Json.mapper().readValue(body, type);
    } catch (JsonProcessingException e) {
      throw invalidJson(e.getOriginalMessage());
    } catch (IOException e) {
      throw invalidJson(e.getMessage());
    }
    if (value == null) {
      throw invalidJson("the body is JSON null, not an object");
    }
    return value;
  }

  /** The whole body (empty when there is none). */
  byte[] readAll(Exchange ex) {
    return ex.body == null ? new byte[0] : ex.body;
  }

  private static ApiErrorException invalidJson(String why) {
    return ApiErrorException.badRequest(
        "We could not parse the JSON body of your request: " + why, null, "invalid_json");
  }
}
