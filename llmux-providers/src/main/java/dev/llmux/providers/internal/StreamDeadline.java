package dev.llmux.providers.internal;

import dev.llmux.providers.transport.UpstreamCall;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two timeouts of a streamed upstream call, enforced by cancelling the call, the same on every
 * {@link dev.llmux.providers.transport.UpstreamTransport}: until the first event, one deadline
 * covers connect, response headers and that event ({@code firstChunk}); from the first event on,
 * the longest time allowed without any byte arriving ({@code gap}).
 *
 * <p>Cheap per read: {@link #progress()} is one volatile write. The gap timer is scheduled once per
 * {@code gap} (on {@link CallDeadline}'s timer thread); when it fires early because bytes arrived
 * since, it is scheduled again for the rest of the gap measured from the last read.
 */
public final class StreamDeadline implements AutoCloseable, Runnable {
  private final UpstreamCall call;
  private final long gapNanos;
  private volatile long lastRead;
  private volatile boolean firstEventSeen;
  private volatile boolean expired;
  private boolean closed;
  private ScheduledFuture<?> future;

  private StreamDeadline(UpstreamCall call, Duration gap) {
    this.call = call;
    this.gapNanos = none(gap) ? 0 : gap.toNanos();
  }

  /** Starts the first-event deadline of {@code call}; zero durations mean no bound. */
  public static StreamDeadline start(UpstreamCall call, Duration firstChunk, Duration gap) {
    StreamDeadline d = new StreamDeadline(call, gap);
    if (!none(firstChunk)) {
      d.schedule(firstChunk.toNanos());
    }
    return d;
  }

  private static boolean none(Duration d) {
    return d.isZero() || d.isNegative() || d.compareTo(CallDeadline.MAX) >= 0;
  }

  /** Bytes arrived. */
  public void progress() {
    if (firstEventSeen) {
      lastRead = System.nanoTime();
    }
  }

  /**
   * The first event arrived: the first-event deadline ends and the gap deadline starts.
   *
   * @return {@code false} when the first-event deadline had already passed (the call is cancelled)
   */
  public boolean firstEvent() {
    lastRead = System.nanoTime();
    firstEventSeen = true;
    synchronized (this) {
      if (expired) {
        return false;
      }
      if (future != null) {
        future.cancel(false);
        future = null;
      }
      if (gapNanos > 0 && !closed) {
        schedule(gapNanos);
      }
    }
    return true;
  }

  /** Whether a deadline passed and the call was cancelled for it. */
  public boolean expired() {
    return expired;
  }

  @Override
  public void run() {
    synchronized (this) {
      future = null;
      if (closed) {
        return;
      }
      if (firstEventSeen) {
        long idle = System.nanoTime() - lastRead;
        if (idle < gapNanos) {
          schedule(gapNanos - idle);
          return;
        }
      }
      expired = true;
    }
    call.cancel();
  }

  private synchronized void schedule(long nanos) {
    future = CallDeadline.Timer.INSTANCE.schedule(this, nanos, TimeUnit.NANOSECONDS);
  }

  /** Drops the deadlines (the stream is over). */
  @Override
  public synchronized void close() {
    closed = true;
    if (future != null) {
      future.cancel(false);
      future = null;
    }
  }
}
