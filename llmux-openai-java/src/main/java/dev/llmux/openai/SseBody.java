package dev.llmux.openai;

import dev.llmux.api.Json;
import dev.llmux.api.error.LlmException;
import dev.llmux.core.ChatStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An SSE body produced lazily from a {@link ChatStream}, event by event, exactly as OpenAI sends
 * it: {@code data: {chunk}\n\n} ... {@code data: [DONE]\n\n}. A failure after the first chunk becomes
 * an OpenAI error event ({@code data: {"error":{...}}}), which the SDK throws as its
 * {@code SseException}; no {@code [DONE]} follows it. Closing the body closes the stream (and so
 * cancels the upstream call).
 */
final class SseBody extends InputStream {
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final ChatStream stream;
  private byte[] current = new byte[0];
  private int pos;
  private boolean ended;
  private volatile boolean closed;

  SseBody(ChatStream stream) {
    this.stream = stream;
  }

  /** Makes the next event current; false at the end. */
  private boolean fill() {
    while (pos >= current.length) {
      if (ended || closed) {
        return false;
      }
      try {
        if (stream.hasNext()) {
          current = event(Json.writeBytes(stream.next()));
        } else {
          current = DONE;
          ended = true;
        }
      } catch (LlmException e) {
        current = event(Json.writeBytes(OpenAiErrors.body(e)));
        ended = true;
        stream.close();
      } catch (RuntimeException e) {
        if (closed) {
          return false;
        }
        throw e;
      }
      pos = 0;
    }
    return true;
  }

  private static byte[] event(byte[] json) {
    byte[] out = new byte[json.length + 8];
    out[0] = 'd'; out[1] = 'a'; out[2] = 't'; out[3] = 'a'; out[4] = ':'; out[5] = ' ';
    System.arraycopy(json, 0, out, 6, json.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }

  @Override
  public int read() {
    if (!fill()) {
      return -1;
    }
    return current[pos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return current.length - pos;
  }

  @Override
  public void close() {
    closed = true;
    stream.close();
  }
}
