package dev.llmux.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.providers.internal.SseEvent;
import dev.llmux.providers.internal.SseReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Response;
import okio.AsyncTimeout;
import okio.BufferedSource;

/**
 * A {@link ChunkStream} over an OpenAI SSE response body.
 *
 * <p>Each {@code data:} event is one {@link ChatCompletionChunk}; {@code data: [DONE]} ends the
 * stream, and so does the end of the body after at least one event. An error object sent inside
 * the stream ({@code data: {"error":{...}}}, or an {@code event: error}) is thrown as the mapped
 * {@link LlmException} after the chunks before it were delivered.
 *
 * <p>Timeouts: until the first event the call's timeout (the first-chunk timeout) runs; once it has
 * arrived, the call timeout is lifted and the body's read timeout becomes the gap timeout.
 *
 * <p>A failure closes the stream. After {@link #close()}, {@link #hasNext()} returns {@code false}
 * (and {@link #next()} throws {@link NoSuchElementException}); a read blocked in another thread when
 * the stream is closed ends the same way rather than with an error. Closing before the end cancels the call, so the
 * connection is not drained.
 */
final class SseChunkStream implements ChunkStream {
  private final Call call;
  private final Response response;
  private final BufferedSource source;
  private final SseReader reader;
  private final Duration gapTimeout;

  private ChatCompletionChunk next;
  private boolean started;
  private boolean finished;
  private volatile boolean closed;

  SseChunkStream(Call call, Response response, Duration gapTimeout) {
    this.call = call;
    this.response = response;
    this.source = response.body().source();
    this.reader = new SseReader(source);
    this.gapTimeout = gapTimeout;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (finished || closed) {
      return false;
    }
    try {
      while (true) {
        SseEvent event = reader.next();
        if (event == null || event.isDone()) {
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
        if ("error".equals(event.event())) {
          throw ErrorMapper.fromStreamError(event.data());
        }
        if (event.data().isBlank()) {
          continue;
        }
        ChatCompletionChunk chunk = parse(event.data());
        if (chunk.choices().isEmpty() && chunk.usage() == null && chunk.extra().containsKey("error")) {
          throw ErrorMapper.fromStreamError(Json.write(Map.of("error", chunk.extra().get("error"))));
        }
        next = chunk;
        return true;
      }
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
        // close() from another thread raced with this read (okio reports a closed source this way).
        return false;
      }
      throw e;
    }
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed && !finished ? "stream closed" : "end of stream");
    }
    ChatCompletionChunk chunk = next;
    next = null;
    return chunk;
  }

  private static ChatCompletionChunk parse(String data) {
    try {
      ChatCompletionChunk chunk = Json.mapper().readValue(data, ChatCompletionChunk.class);
      if (chunk == null) {
        throw ErrorMapper.malformed("null stream chunk", 200, null);
      }
      return chunk;
    } catch (JsonProcessingException e) {
      throw ErrorMapper.malformed(
          "stream chunk is not a chat.completion.chunk: " + ErrorMapper.truncate(data), 200, e);
    }
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
    if (!finished) {
      // Cancel first: closing an unfinished HTTP/1.1 body would otherwise try to drain it.
      call.cancel();
    }
    try {
      response.close();
    } catch (RuntimeException ignored) {
      // The call is cancelled; nothing more to release.
    }
  }
}
