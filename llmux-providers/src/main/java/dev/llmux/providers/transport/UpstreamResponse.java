package dev.llmux.providers.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The answer to an {@link UpstreamCall}: status, headers and body. Close it once done: a body read
 * to its end leaves the connection pooled for the next call; closing earlier discards the
 * connection (HTTP/1.1) or resets the stream (HTTP/2).
 */
public interface UpstreamResponse extends Closeable {
  /** The HTTP status code. */
  int status();

  /** The first value of header {@code name} (case-insensitive), or {@code null}. */
  String header(String name);

  /** The protocol the answer came over: {@code HTTP/1.1} or {@code HTTP/2}. */
  String protocol();

  /**
   * The body as it arrives. Reads block until bytes arrive, the end ({@code -1}) or a failure
   * ({@link IOException}, also after {@link UpstreamCall#cancel()}). One reader.
   */
  InputStream body() throws IOException;

  /** The whole body (the rest of it, when part was read). */
  default byte[] bytes() throws IOException {
    return body().readAllBytes();
  }

  /** Releases the response (see the class comment). Never throws. */
  @Override
  void close();
}
