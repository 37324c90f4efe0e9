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
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Response;
import okio.AsyncTimeout;
import okio.BufferedSource;
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
 * <p>Same contract and timeouts as the SSE streams of llmux-providers: the first message lifts the
 * call's first-chunk timeout and makes the attempt timeout the longest allowed gap; a failure is
 * thrown, never a quiet end; {@link #close()} cancels an unfinished call.
 */
final class EventStreamChunkStream implements ChunkStream {
  /** Prelude: total length, headers length, prelude CRC (4 bytes each). */
  private static final int PRELUDE = 12;

  /** A message with no headers and no payload: prelude and message CRC. */
  private static final int MIN_MESSAGE = 16;

  /** The codec's own limit on a message (24 MiB). */
  private static final long MAX_MESSAGE = 24L * 1024 * 1024;

  private final Call call;
  private final Response response;
  private final BufferedSource source;
  private final Duration gapTimeout;
  private final ConverseStreamTranslator translator;
  private final ArrayDeque<ChatCompletionChunk> queue = new ArrayDeque<>();

  private boolean started;
  private boolean finished;
  private volatile boolean closed;

  EventStreamChunkStream(
      Call call, Response response, Duration gapTimeout, ConverseStreamTranslator translator) {
    this.call = call;
    this.response = response;
    this.source = response.body().source();
    this.gapTimeout = gapTimeout;
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
          translator.onEnd();
          finish();
          return false;
        }
        if (!started) {
          started = true;
          if (call.timeout() instanceof AsyncTimeout callTimeout && callTimeout.exit()) {
            throw new LlmTimeoutException("upstream timed out before the first chunk", null, null);
          }
          source.timeout().timeout(gapTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
    if (source.exhausted()) {
      return null;
    }
    long total;
    try {
      source.require(PRELUDE);
      okio.Buffer head = source.getBuffer();
      total =
          ((head.getByte(0) & 0xffL) << 24)
              | ((head.getByte(1) & 0xffL) << 16)
              | ((head.getByte(2) & 0xffL) << 8)
              | (head.getByte(3) & 0xffL);
      if (total < MIN_MESSAGE || total > MAX_MESSAGE) {
        throw new UpstreamServerException(
            "malformed bedrock event stream: message length " + total, 200, null);
      }
      source.require(total);
    } catch (EOFException e) {
      throw new ConnectionException("bedrock event stream ended inside a message", e);
    }
    byte[] frame = source.readByteArray(total);
    try {
      return Message.decode(ByteBuffer.wrap(frame));
    } catch (RuntimeException e) {
      // A CRC mismatch, an impossible header: damaged in transit, or not an event stream at all.
      throw new UpstreamServerException(
          "malformed bedrock event stream: " + e.getMessage(), 200, e);
    }
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
    response.close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    if (!finished) {
      call.cancel();
    }
    try {
      response.close();
    } catch (RuntimeException ignored) {
      // cancelled
    }
  }
}
