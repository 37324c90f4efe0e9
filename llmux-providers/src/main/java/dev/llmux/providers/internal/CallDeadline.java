package dev.llmux.providers.internal;

import dev.llmux.providers.transport.UpstreamCall;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of one whole upstream call (not streamed), enforced by cancelling the call: the same
 * on every {@link dev.llmux.providers.transport.UpstreamTransport}.
 *
 * <p>OkHttp's own call timeout is an okio {@code AsyncTimeout}: entering and leaving it inserts
 * into and removes from one JVM-wide linked list sorted by deadline, under one lock, so each call
 * walks the list of every call in flight (with 100 calls in flight that walk was the facade's top
 * CPU sample). Here deadlines sit in the heap of a {@link ScheduledThreadPoolExecutor} (insert and
 * remove in O(log n)) served by one daemon thread, which wakes only when a deadline passes or a new
 * one becomes the earliest.
 *
 * <pre>{@code
 * CallDeadline deadline = CallDeadline.start(call, options.timeout());
 * try (deadline; UpstreamResponse r = call.execute()) { ... read the body ... }
 * catch (IOException e) { throw ErrorMapper.fromIOException(deadline.timeoutOr(e)); }
 * }</pre>
 */
public final class CallDeadline implements AutoCloseable, Runnable {
  private static final CallDeadline NONE = new CallDeadline(null);

  /** The one timer thread of every call and stream deadline. */
  static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = build();

    private static ScheduledThreadPoolExecutor build() {
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread th = new Thread(r, "llmux-call-deadlines");
                th.setDaemon(true);
                return th;
              });
      t.setRemoveOnCancelPolicy(true);
      t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      return t;
    }
  }

  private final UpstreamCall call;
  private volatile boolean expired;
  private ScheduledFuture<?> future;

  private CallDeadline(UpstreamCall call) {
    this.call = call;
  }

  /** The longest deadline kept; longer timeouts (about 292 years and up) mean none. */
  static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);

  /**
   * Cancels {@code call} once {@code timeout} has passed; a zero (or longer than ~292 years)
   * timeout means none.
   */
  public static CallDeadline start(UpstreamCall call, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(MAX) >= 0) {
      return NONE;
    }
    long nanos = timeout.toNanos();
    CallDeadline d = new CallDeadline(call);
    d.future = Timer.INSTANCE.schedule(d, nanos, TimeUnit.NANOSECONDS);
    return d;
  }

  /** The deadline passed: the call is cancelled (its reads and writes fail). */
  @Override
  public void run() {
    expired = true;
    call.cancel();
  }

  /** Whether the deadline passed and the call was cancelled for it. */
  public boolean expired() {
    return expired;
  }

  /**
   * {@code e} as the call's timeout ({@code InterruptedIOException("timeout")}, caused by {@code
   * e}) when the deadline passed, else {@code e} itself.
   */
  public IOException timeoutOr(IOException e) {
    if (!expired) {
      return e;
    }
    InterruptedIOException t = new InterruptedIOException("timeout");
    t.initCause(e);
    return t;
  }

  /** Drops the deadline (the call is over). */
  @Override
  public void close() {
    ScheduledFuture<?> f = future;
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Deadlines waiting (for tests). */
  static int pending() {
    return Timer.INSTANCE.getQueue().size();
  }
}
