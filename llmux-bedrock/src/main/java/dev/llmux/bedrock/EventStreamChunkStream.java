package dev.llmux.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.JsonHttp;
import dev.llmux.providers.internal.StreamDeadline;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A {@link ChunkStream} over a ConverseStream body in {@code application/vnd.amazon.eventstream}
 * framing: each message is a prelude (total length, headers length, prelude CRC32), headers,
 * payload and a message CRC32, decoded (and both CRCs checked) by the AWS SDK's event-stream codec
 * ({@link Message#decode}, the one the SDK's own Bedrock client uses). A message's {@code
 * :message-type} header says what it is: {@code event} (its {@code :event-type} names the
 * ConverseStream event, its payload is JSON), {@code exception} (its {@code :exception-type} names
 * the error, thrown mapped) or {@code error} ({@code :error-code}, {@code :error-message}).
 *
 * <p>Same contract and timeouts as the SSE streams of llmux-providers (on any upstream transport):
 * the {@link StreamDeadline} bounds the wait for the first message by the first-chunk timeout, then
 * the longest gap without bytes by the attempt timeout; a failure is thrown, never a quiet end;
 * {@link #close()} cancels an unfinished call.
 */
final class EventStreamChunkStream implements ChunkStream {
  /** Prelude: total length, headers length, prelude CRC (4 bytes each). */
  private static final int PRELUDE = 12;

  /** A message with no headers and no payload: prelude and message CRC. */
  private static final int MIN_MESSAGE = 16;

  /** The codec's own limit on a message (24 MiB). */
  private static final long MAX_MESSAGE = 24L * 1024 * 1024;

  private final UpstreamCall call;
  private final UpstreamResponse response;
  private final StreamDeadline deadline;
  private final InputStream source;
  private final ConverseStreamTranslator translator;
  private final ArrayDeque<ChatCompletionChunk> queue = new ArrayDeque<>();

  private boolean started;
  private boolean finished;
  private volatile boolean closed;

  EventStreamChunkStream(JsonHttp.Opened opened, ConverseStreamTranslator translator)
      throws IOException {
    this.call = opened.call();
    this.response = opened.response();
    this.deadline = opened.deadline();
    this.source = response.body();
    this.translator = translator;
  }

  @Override
  public boolean hasNext() {
    if (!queue.isEmpty()) {
      return true;
    }
    if (finished || closed) {
      return false;
    }
    try {
      while (queue.isEmpty()) {
        Message message = nextMessage();
        if (message == null) {
          if (deadline.expired()) {
            throw timeout();
          }
          translator.onEnd();
          finish();
          return false;
        }
        if (!started) {
          started = true;
          if (!deadline.firstEvent()) {
            throw timeout();
          }
        }
        if (handle(message)) {
          finish();
          return !queue.isEmpty();
        }
      }
      return true;
    } catch (IOException e) {
      boolean wasClosed = closed;
      close();
      if (wasClosed) {
        return false;
      }
      if (deadline.expired()) {
        throw timeout();
      }
      throw ErrorMapper.fromIOException(e);
    } catch (RuntimeException e) {
      boolean wasClosed = closed;
      close();
      if (wasClosed && !(e instanceof LlmException)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Reads one whole message (its total length is the prelude's first four bytes) and decodes it
   * with the SDK's codec, which checks the prelude and message CRCs. Returns {@code null} at the
   * end of the body between messages; a body that ends inside a message is a connection failure.
   */
  private Message nextMessage() throws IOException {
    byte[] prelude = new byte[PRELUDE];
    int n = readFully(prelude, 0, PRELUDE);
    if (n == 0) {
      return null;
    }
    if (n < PRELUDE) {
      throw new ConnectionException("bedrock event stream ended inside a message", null);
    }
    long total =
        ((prelude[0] & 0xffL) << 24)
            | ((prelude[1] & 0xffL) << 16)
            | ((prelude[2] & 0xffL) << 8)
            | (prelude[3] & 0xffL);
    if (total < MIN_MESSAGE || total > MAX_MESSAGE) {
      throw new UpstreamServerException(
          "malformed bedrock event stream: message length " + total, 200, null);
    }
    byte[] frame = new byte[(int) total];
    System.arraycopy(prelude, 0, frame, 0, PRELUDE);
    if (readFully(frame, PRELUDE, frame.length - PRELUDE) < frame.length - PRELUDE) {
      throw new ConnectionException("bedrock event stream ended inside a message", null);
    }
    try {
      return Message.decode(ByteBuffer.wrap(frame));
    } catch (RuntimeException e) {
      // A CRC mismatch, an impossible header: damaged in transit, or not an event stream at all.
      throw new UpstreamServerException(
          "malformed bedrock event stream: " + e.getMessage(), 200, e);
    }
  }

  /** Reads up to {@code len} bytes (fewer only at the body's end), telling the deadline. */
  private int readFully(byte[] into, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int r = source.read(into, off + done, len - done);
      if (r < 0) {
        break;
      }
      done += r;
      deadline.progress();
    }
    return done;
  }

  private LlmTimeoutException timeout() {
    return started
        ? new LlmTimeoutException("upstream stream timed out between chunks", null, null)
        : new LlmTimeoutException("upstream timed out before the first chunk", null, null);
  }

  /** Handles one decoded message; returns true when it ends the stream. */
  private boolean handle(Message message) {
    String kind = header(message, ":message-type");
    String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
    if ("exception".equals(kind)) {
      throw BedrockErrors.fromStream(header(message, ":exception-type"), payload);
    }
    if ("error".equals(kind)) {
      String code = header(message, ":error-code");
      String text = header(message, ":error-message");
      throw new UpstreamServerException("bedrock stream error " + code + ": " + text, null, null);
    }
    String type = header(message, ":event-type");
    if (type == null) {
      return false;
    }
    JsonNode event;
    try {
      event =
          payload.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(payload);
    } catch (IOException e) {
      throw ErrorMapper.malformed(
          "bedrock stream event is not JSON: " + ErrorMapper.truncate(payload), 200, e);
    }
    return translator.onEvent(type, event, queue::add);
  }

  private static String header(Message message, String name) {
    HeaderValue v = message.getHeaders().get(name);
    return v == null ? null : v.getString();
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed && !finished ? "stream closed" : "end of stream");
    }
    return queue.poll();
  }

  private void finish() {
    finished = true;
    deadline.close();
    response.close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    deadline.close();
    if (!finished) {
      call.cancel();
    }
    response.close();
  }
}
