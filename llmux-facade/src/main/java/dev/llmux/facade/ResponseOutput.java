package dev.llmux.facade;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.llmux.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * A blocking output stream over a Jetty {@link Response} that buffers until {@link #close()}, so a
 * small JSON answer goes out as one last write (Jetty then sends a {@code Content-Length}). Bodies
 * larger than the buffer limit are written in pieces. {@link #flush()} does nothing (Jackson calls
 * it after every value); {@link #send()} writes what is buffered now, which SSE uses once per
 * event. A failed write (the client went away) throws {@link IOException}.
 */
final class ResponseOutput extends OutputStream {
  private static final int LIMIT = 64 * 1024;

  private final Response response;
  private byte[] buf;
  private int count;
  private boolean closed;

  ResponseOutput(Response response, int initialSize) {
    this.response = response;
    this.buf = new byte[initialSize];
  }

  @Override
  public void write(int b) throws IOException {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > LIMIT) {
      send();
      writeNow(false, ByteBuffer.wrap(b, off, len));
      return;
    }
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  @Override
  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  private void ensure(int more) throws IOException {
    if (count + more <= buf.length) {
      return;
    }
    if (count + more > LIMIT) {
      send();
      if (more <= buf.length) {
        return;
      }
    }
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
  }

  /** Writes {@code value} as JSON with the shared mapper (buffered like any other write). */
  void writeJson(Object value) throws IOException {
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(this)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      Json.mapper().writeValue(g, value);
    }
  }

  /** No-op: the body is sent on {@link #send()} or {@link #close()}. */
  @Override
  public void flush() {}

  /** Writes what is buffered now (not the last write). */
  void send() throws IOException {
    if (count == 0) {
      return;
    }
    writeNow(false, ByteBuffer.wrap(buf, 0, count));
    count = 0;
  }

  /** Writes what is buffered as the last write, completing the response body. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    writeNow(true, ByteBuffer.wrap(buf, 0, count));
    count = 0;
  }

  private void writeNow(boolean last, ByteBuffer data) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(last, data, cb);
      cb.block();
    }
  }
}
