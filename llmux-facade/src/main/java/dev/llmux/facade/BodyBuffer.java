package dev.llmux.facade;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Receives a request body without holding a thread: Jetty calls back as bytes arrive (its {@code
 * demand}), the bytes are copied into one array, and the request is handed on ({@code then}) only
 * once the whole body is here. So a client that sends its body slowly costs a connection and its
 * bytes, never a thread (on Java 17 a thread is one of {@code max_threads}), and a router slot is
 * taken only for a complete body.
 *
 * <p>Limits, each ending the read with an error the caller answers:
 *
 * <ul>
 *   <li>{@code max_request_body}: a body declared larger is refused at once; a chunked body that
 *       grows past it is refused when it does. Before the 413 is answered, what is left of the body
 *       is read and thrown away, up to {@link BodyReader#DRAIN_LIMIT}, so that a client still
 *       sending sees the answer rather than a connection reset;
 *   <li>{@code request_body_timeout}: the whole body must arrive within this time from the end of
 *       the headers (408 {@code request_timeout});
 *   <li>{@code min_request_data_rate}: after a grace of {@link #RATE_GRACE_NANOS}, the body must
 *       keep arriving at this average rate (408 {@code request_timeout}); checked as bytes arrive,
 *       while silence is ended by {@code read_timeout};
 *   <li>{@code read_timeout}: Jetty's idle timeout fails a read that waits longer for the next
 *       bytes (408).
 * </ul>
 *
 * <p>One instance per request; its methods run on Jetty's threads, one at a time, except {@link
 * #expire()}, which races them and is settled by {@link #done}.
 */
final class BodyBuffer implements Invocable.Task {
  /**
   * How long a body may arrive below {@code min_request_data_rate} before the rate is enforced: the
   * first bytes of a small body may follow the headers after a network round trip or two.
   */
  static final long RATE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** What the read ended with: the body, or the error to answer. */
  record Result(byte[] body, RuntimeException error) {
    /** The body, or the error thrown. */
    byte[] get() {
      if (error != null) {
        throw error;
      }
      return body;
    }
  }

  private final Request request;
  private final long maxBody;
  private final long minRate;
  private final Consumer<Result> then;
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean done = new AtomicBoolean();

  private byte[] buf;
  private int count;

  /** Bytes read past {@code maxBody}, being thrown away before the 413. */
  private long drained = -1;

  private Scheduler.Task deadline;

  private BodyBuffer(Request request, long maxBody, long minRate, Consumer<Result> then) {
    this.request = request;
    this.maxBody = maxBody;
    this.minRate = minRate;
    this.then = then;
  }

  /**
   * Starts receiving {@code request}'s body; {@code then} gets the result once, on a Jetty thread
   * (it must hand blocking work to another thread).
   *
   * @param timeoutMillis the longest the whole body may take ({@code request_body_timeout})
   * @param minRate bytes per second the body must arrive at after the grace; 0 = not checked
   */
  static void read(
      Request request, long maxBody, long timeoutMillis, long minRate, Consumer<Result> then) {
    BodyBuffer b = new BodyBuffer(request, maxBody, minRate, then);
    long declared = request.getLength();
    if (declared > maxBody) {
      if (declared - maxBody > BodyReader.DRAIN_LIMIT) {
        b.finish(null, ApiErrorException.tooLarge(maxBody)); // too much to drain: answer at once
        return;
      }
      b.drained = 0;
    } else {
      // grown as bytes arrive: a declared length alone allocates at most this much
      b.buf = new byte[(int) Math.min(declared >= 0 ? declared : 8192, 64 * 1024)];
    }
    b.deadline =
        request
            .getComponents()
            .getScheduler()
            .schedule(b::expire, timeoutMillis, TimeUnit.MILLISECONDS);
    b.run();
  }

  /** Reads what has arrived; asks Jetty to call again when more does. */
  @Override
  public void run() {
    while (!done.get()) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        if (tooSlow()) {
          finish(null, ApiErrorException.requestTimeout("The request body arrived too slowly"));
          return;
        }
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        Throwable failure = chunk.getFailure();
        chunk.release();
        finish(
            null,
            failure instanceof TimeoutException
                ? ApiErrorException.requestTimeout(
                    "The request body did not arrive within the read timeout")
                : new ClientGoneException(
                    failure instanceof java.io.IOException io
                        ? io
                        : new java.io.IOException(failure)));
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      boolean last = chunk.isLast();
      append(bytes);
      chunk.release();
      if (drained >= 0 && (last || drained > BodyReader.DRAIN_LIMIT)) {
        finish(null, ApiErrorException.tooLarge(maxBody));
        return;
      }
      if (last) {
        finish(buf.length == count ? buf : Arrays.copyOf(buf, count), null);
        return;
      }
    }
  }

  private void append(ByteBuffer bytes) {
    int n = bytes.remaining();
    if (drained >= 0) {
      drained += n;
      return;
    }
    if ((long) count + n > maxBody) {
      buf = null; // over the limit: throw away what is here, and what still comes (up to a limit)
      drained = (long) count + n - maxBody;
      return;
    }
    if (count + n > buf.length) {
      buf = Arrays.copyOf(buf, (int) Math.min(maxBody, Math.max(count + n, 2L * buf.length)));
    }
    bytes.get(buf, count, n);
    count += n;
  }

  /** Whether the body, so far, arrived below {@code min_request_data_rate} after the grace. */
  private boolean tooSlow() {
    if (minRate <= 0) {
      return false;
    }
    long elapsed = System.nanoTime() - startNanos - RATE_GRACE_NANOS;
    if (elapsed <= 0) {
      return false;
    }
    long received = drained >= 0 ? maxBody + drained : count;
    return received < minRate * elapsed / 1_000_000_000L;
  }

  /** {@code request_body_timeout} passed. */
  private void expire() {
    finish(
        null,
        ApiErrorException.requestTimeout(
            "The request body did not arrive within the request body timeout"));
  }

  private void finish(byte[] body, RuntimeException error) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    if (deadline != null) {
      deadline.cancel();
    }
    then.accept(new Result(body, error));
  }

  /** Only copies bytes and asks for more: Jetty may run it on its selector thread. */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }
}
