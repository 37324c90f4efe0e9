package dev.llmux.openai;

import dev.llmux.api.Json;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.core.ChatStream;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.ResponseStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An SSE body produced lazily from a router stream, event by event, exactly as OpenAI sends it.
 * Closing the body closes the stream (and so cancels the upstream call).
 *
 * <ul>
 *   <li>Chat ({@link #chat}) and legacy completions ({@link #completions}): {@code data:
 *       {chunk}\n\n} ... {@code data: [DONE]\n\n}. A failure after the first chunk becomes an
 *       OpenAI error event ({@code data: {"error":{...}}}), which the SDK throws as its {@code
 *       SseException}; no {@code [DONE]} follows it.
 *   <li>Responses ({@link #responses}): {@code event: <type>\ndata: {event}\n\n} per event, no
 *       terminator. A failure after the first event becomes the Responses API's error event ({@code
 *       event: error}, {@code data: {"type":"error","code","message","param","sequence_number"}}),
 *       which the SDK hands over as a {@code ResponseErrorEvent}; nothing follows it.
 * </ul>
 */
final class SseBody<T> extends InputStream {
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];

  /** How one stream's events, its mid-stream failure and its end are written. */
  private interface Format<T> {
    byte[] event(T event);

    byte[] error(LlmException e);

    byte[] end();
  }

  private final Iterator<T> stream;
  private final Runnable closeStream;
  private final Format<T> format;
  private byte[] current = new byte[0];
  private int pos;
  private boolean ended;
  private volatile boolean closed;

  private SseBody(Iterator<T> stream, Runnable closeStream, Format<T> format) {
    this.stream = stream;
    this.closeStream = closeStream;
    this.format = format;
  }

  /** A chat completions stream. */
  static SseBody<dev.llmux.api.chat.ChatCompletionChunk> chat(ChatStream stream) {
    return new SseBody<>(
        stream,
        stream::close,
        new Format<>() {
          @Override
          public byte[] event(dev.llmux.api.chat.ChatCompletionChunk chunk) {
            return data(null, Json.writeBytes(chunk));
          }

          @Override
          public byte[] error(LlmException e) {
            return data(null, Json.writeBytes(OpenAiErrors.body(e)));
          }

          @Override
          public byte[] end() {
            return DONE;
          }
        });
  }

  /** A legacy completions stream: the chat framing with {@code text_completion} chunks. */
  static SseBody<dev.llmux.api.completion.CompletionResponse> completions(CompletionStream stream) {
    return new SseBody<>(
        stream,
        stream::close,
        new Format<>() {
          @Override
          public byte[] event(dev.llmux.api.completion.CompletionResponse chunk) {
            return data(null, Json.writeBytes(chunk));
          }

          @Override
          public byte[] error(LlmException e) {
            return data(null, Json.writeBytes(OpenAiErrors.body(e)));
          }

          @Override
          public byte[] end() {
            return DONE;
          }
        });
  }

  /** A Responses API stream. */
  static SseBody<ResponseStreamEvent> responses(ResponseStream stream) {
    return new SseBody<>(
        stream,
        stream::close,
        new Format<>() {
          private int nextSequence;

          @Override
          public byte[] event(ResponseStreamEvent e) {
            nextSequence = e.sequenceNumber() != null ? e.sequenceNumber() + 1 : nextSequence + 1;
            String type = e.type();
            boolean named = type != null && type.indexOf('\n') < 0 && type.indexOf('\r') < 0;
            return data(named ? type : null, Json.writeBytes(e));
          }

          @Override
          public byte[] error(LlmException e) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "error");
            event.put("code", e.code());
            event.put("message", e.getMessage() == null ? "" : e.getMessage());
            event.put("param", e.param());
            event.put("sequence_number", nextSequence);
            return data("error", Json.writeBytes(event));
          }

          @Override
          public byte[] end() {
            return NOTHING;
          }
        });
  }

  /** {@code [event: <name>\n]data: <json>\n\n}. */
  private static byte[] data(String eventName, byte[] json) {
    byte[] head =
        eventName == null
            ? new byte[0]
            : ("event: " + eventName + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + 6 + json.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    int p = head.length;
    out[p++] = 'd';
    out[p++] = 'a';
    out[p++] = 't';
    out[p++] = 'a';
    out[p++] = ':';
    out[p++] = ' ';
    System.arraycopy(json, 0, out, p, json.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }

  /** Makes the next event current; false at the end. */
  private boolean fill() {
    while (pos >= current.length) {
      if (ended || closed) {
        return false;
      }
      try {
        if (stream.hasNext()) {
          current = format.event(stream.next());
        } else {
          current = format.end();
          ended = true;
        }
      } catch (LlmException e) {
        current = format.error(e);
        ended = true;
        closeStream.run();
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
    closeStream.run();
  }
}
