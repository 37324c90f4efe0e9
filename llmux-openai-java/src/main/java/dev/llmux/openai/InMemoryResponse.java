package dev.llmux.openai;

import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * A response whose body is already in memory, or a lazily produced stream with an action on close.
 */
final class InMemoryResponse implements HttpResponse {
  private final int status;
  private final Headers headers;
  private final InputStream body;

  private InMemoryResponse(int status, Headers headers, InputStream body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  static HttpResponse of(int status, Headers headers, byte[] body) {
    return new InMemoryResponse(status, headers, new ByteArrayInputStream(body));
  }

  static HttpResponse streaming(int status, Headers headers, InputStream body) {
    return new InMemoryResponse(status, headers, body);
  }

  @Override
  public int statusCode() {
    return status;
  }

  @Override
  public Headers headers() {
    return headers;
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (java.io.IOException ignored) {
      // in-memory bodies and SseBody do not throw
    }
  }
}
