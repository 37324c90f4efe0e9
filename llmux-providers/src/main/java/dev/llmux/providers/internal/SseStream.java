package dev.llmux.providers.internal;

import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;
import okio.AsyncTimeout;
import okio.BufferedSource;

/**
 * A pull stream over an SSE body, each event turned into zero or more values by a {@link
 * Translator}. Same contract and timeouts as the OpenAI stream: the first event lifts the call
 * (first-chunk) timeout and the body's read timeout becomes the gap timeout; a failure (including
 * an error event) is thrown, never a quiet end; {@link #close()} cancels an unfinished call.
 */
public class SseStream<T> implements java.util.Iterator<T>, AutoCloseable {

  /** Turns upstream events into values. Stateful; one per stream. */
  public interface Translator<T> {
    /**
     * Handles one event, emitting chunks to {@code out}; returns {@code true} when the event ends
     * the stream. Throws an {@link LlmException} for an error event.
     */
    boolean onEvent(SseEvent event, Consumer<T> out);

    /** The body ended without an end event (after at least one event); may emit final chunks. */
    default void onEnd(Consumer<T> out) {}
  }

  private final Call call;
  private final Response response;
  private final BufferedSource source;
  private final SseReader reader;
  private final Duration gapTimeout;
  private final Translator<T> translator;
  private final ArrayDeque<T> queue = new ArrayDeque<>();

  private boolean started;
  private boolean finished;
  private volatile boolean closed;

  SseStream(Call call, Response response, Duration gapTimeout, Translator<T> translator) {
    this.call = call;
    this.response = response;
    this.source = response.body().source();
    this.reader = new SseReader(source);
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
        SseEvent event = reader.next();
        if (event == null) {
          translator.onEnd(queue::add);
          finish();
          return !queue.isEmpty();
        }
        if (!started) {
          started = true;
          if (call.timeout() instanceof AsyncTimeout callTimeout && callTimeout.exit()) {
            throw new LlmTimeoutException("upstream timed out before the first chunk", null, null);
          }
          source.timeout().timeout(gapTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (event.data().isBlank()) {
          continue;
        }
        if (translator.onEvent(event, queue::add)) {
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

  @Override
  public T next() {
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
