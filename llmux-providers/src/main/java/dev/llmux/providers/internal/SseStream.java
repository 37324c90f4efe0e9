package dev.llmux.providers.internal;

import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A pull stream over an SSE body, each event turned into zero or more values by a {@link
 * Translator}. Timeouts ({@link StreamDeadline}): the first event must arrive within the
 * first-chunk timeout, then no gap without bytes may exceed the gap timeout; a failure (including
 * an error event) is thrown, never a quiet end; {@link #close()} cancels an unfinished call.
 *
 * <p>When the translator {@linkplain Translator#relaysRaw() relays raw events}, a value that is the
 * only product of its event keeps that event's bytes ({@link #rawOf(Object)}).
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

    /**
     * Whether a value that is the only one its event gave is exactly that event in the caller's
     * wire format, so its bytes may be relayed as they came ({@code false} by default).
     */
    default boolean relaysRaw() {
      return false;
    }
  }

  private static final byte[] NO_RAW = new byte[0];

  private final UpstreamCall call;
  private final UpstreamResponse response;
  private final StreamDeadline deadline;
  private final SseReader reader;
  private final Translator<T> translator;
  private final boolean relaysRaw;
  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final ArrayDeque<byte[]> raws;

  private T last;
  private byte[] lastRaw;
  private boolean started;
  private boolean finished;
  private volatile boolean closed;

  SseStream(
      UpstreamCall call,
      UpstreamResponse response,
      StreamDeadline deadline,
      Translator<T> translator)
      throws IOException {
    this.call = call;
    this.response = response;
    this.deadline = deadline;
    this.translator = translator;
    this.relaysRaw = translator.relaysRaw();
    this.raws = relaysRaw ? new ArrayDeque<>() : null;
    this.reader =
        new SseReader(new Progress(response.body()), SseReader.DEFAULT_MAX_EVENT_BYTES, relaysRaw);
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
          if (deadline.expired()) {
            throw timeout();
          }
          translator.onEnd(this::add);
          finish();
          return !queue.isEmpty();
        }
        if (!started) {
          started = true;
          if (!deadline.firstEvent()) {
            throw timeout();
          }
        }
        if (event.data().isBlank()) {
          continue;
        }
        int before = queue.size();
        boolean end = translator.onEvent(event, this::add);
        if (relaysRaw && queue.size() == before + 1 && event.raw() != null) {
          raws.pollLast();
          raws.add(event.raw());
        }
        if (end) {
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

  private LlmTimeoutException timeout() {
    return started
        ? new LlmTimeoutException("upstream stream timed out between chunks", null, null)
        : new LlmTimeoutException("upstream timed out before the first chunk", null, null);
  }

  private void add(T value) {
    queue.add(value);
    if (relaysRaw) {
      raws.add(NO_RAW);
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed && !finished ? "stream closed" : "end of stream");
    }
    T value = queue.poll();
    last = value;
    if (relaysRaw) {
      byte[] raw = raws.poll();
      lastRaw = raw == NO_RAW ? null : raw;
    }
    return value;
  }

  /**
   * The upstream bytes of the event {@code value} came from, when {@code value} is the value last
   * returned by {@link #next()} and was its event's only value; else {@code null}.
   */
  public byte[] rawOf(T value) {
    return value != null && value == last ? lastRaw : null;
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
    if (raws != null) {
      raws.clear();
    }
    deadline.close();
    if (!finished) {
      call.cancel();
    }
    response.close();
  }

  /** The body, telling the deadline of every read. */
  private final class Progress extends FilterInputStream {
    Progress(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      deadline.progress();
      return n;
    }
  }
}
