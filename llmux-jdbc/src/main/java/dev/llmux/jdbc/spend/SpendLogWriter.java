package dev.llmux.jdbc.spend;

import dev.llmux.core.CallListener;
import dev.llmux.core.CallRecord;
import dev.llmux.core.Sleeper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link CallRecord}s to the spend log asynchronously. {@link #onCall} only offers the
 * record to a bounded in-memory buffer: it never blocks and never touches the database. One daemon
 * thread ({@code llmux-spend-writer}) writes batches of up to {@link SpendSettings#batchSize()}
 * rows, at least every {@link SpendSettings#flushInterval()}, each in one transaction with its
 * daily aggregates; rows whose call id is already stored are skipped, so a retried batch never
 * counts twice.
 *
 * <p>When the database is unavailable, the batch stays buffered and is retried with exponential
 * backoff ({@link SpendSettings#retryInitialBackoff()} doubling up to {@link
 * SpendSettings#retryMaxBackoff()}); new calls keep filling the buffer. Rows are lost only when the
 * buffer is full (counted by {@link #dropped()} and {@code llmux.spend.dropped}, logged at most
 * once a minute), when {@link #close()} cannot write them within {@link
 * SpendSettings#shutdownTimeout()} (also counted), when the database refuses a row's data even
 * alone (SQLState class 22 or 23; counted, logged with its call id; the rest of its batch is
 * written), or when the process dies.
 */
public final class SpendLogWriter implements CallListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SpendLogWriter.class);
  private static final long LOG_INTERVAL_MILLIS = 60_000;

  private final SpendStore store;
  private final SpendSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LinkedBlockingQueue<CallRecord> queue;
  private final Thread thread;

  /** Rows offered to {@link #onCall}. */
  private final AtomicLong accepted = new AtomicLong();

  /** Rows done with: written, already present, or dropped. */
  private final AtomicLong processed = new AtomicLong();

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong flushTarget = new AtomicLong();
  private final AtomicLong lastDropLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object progress = new Object();
  private final Counter writtenCounter;
  private final Counter droppedCounter;
  private volatile int inBatch;

  /** The last write failure, for the log (writer thread only). */
  private Exception lastError;

  private volatile boolean closing;
  private volatile long closeDeadlineNanos;

  SpendLogWriter(
      DataSource ds, SpendSettings settings, Clock clock, Sleeper sleeper, MeterRegistry registry) {
    this.store = new SpendStore(ds);
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.queue = new LinkedBlockingQueue<>(settings.bufferCapacity());
    if (registry != null) {
      writtenCounter =
          Counter.builder("llmux.spend.written")
              .description("Spend log rows written")
              .baseUnit("rows")
              .register(registry);
      droppedCounter =
          Counter.builder("llmux.spend.dropped")
              .description(
                  "Spend log rows lost: buffer full, refused by the database, or unwritten at shutdown")
              .baseUnit("rows")
              .register(registry);
      Gauge.builder("llmux.spend.buffered", this, SpendLogWriter::buffered)
          .description("Spend log rows waiting to be written")
          .baseUnit("rows")
          .register(registry);
    } else {
      writtenCounter = null;
      droppedCounter = null;
    }
    this.thread = new Thread(this::run, "llmux-spend-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Buffers the call; when the buffer is full (or the writer is closed) the call is dropped and
   * counted ({@link #dropped()}). Never blocks.
   */
  @Override
  public void onCall(CallRecord call) {
    // counted before it is queued, so that a flush that sees the count also waits for the row
    accepted.incrementAndGet();
    if (closed.get() || !queue.offer(call)) {
      processed.incrementAndGet();
      drop(
          1,
          closed.get()
              ? "the spend log writer is closed"
              : "the spend log buffer is full (" + settings.bufferCapacity() + " rows)");
      return;
    }
    if (queue.size() >= settings.batchSize()) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Asks for everything buffered now to be written, and waits up to {@code timeout} for it.
   *
   * @return whether every row buffered at the call was done with in time: written, found already
   *     stored, or dropped (see {@link #dropped()})
   */
  public boolean flush(Duration timeout) {
    long target = accepted.get();
    flushTarget.accumulateAndGet(target, Math::max);
    LockSupport.unpark(thread);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (processed.get() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /** Rows waiting to be written (including a batch being retried). */
  public long buffered() {
    return queue.size() + (long) inBatch;
  }

  /** Rows written so far (rows of a replayed batch that were already stored are not counted). */
  public long written() {
    return written.get();
  }

  /**
   * Rows lost: buffer full, offered after {@link #close()}, refused by the database even alone, or
   * still unwritten when the shutdown timeout ran out.
   */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Stops accepting rows and writes everything buffered, waiting up to the shutdown timeout (while
   * the database is down it keeps retrying until then); what is still unwritten then is counted as
   * dropped and logged. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeDeadlineNanos = System.nanoTime() + settings.shutdownTimeout().toNanos();
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(settings.shutdownTimeout().toMillis() + 1_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
    int late = 0; // offered while closing, after the thread's last look
    while (queue.poll() != null) {
      late++;
    }
    if (late > 0) {
      processed.addAndGet(late);
      drop(late, "they arrived while the spend log writer was closing");
    }
  }

  private void run() {
    List<CallRecord> batch = new ArrayList<>();
    long intervalNanos = settings.flushInterval().toNanos();
    long lastWrite = System.nanoTime();
    int failures = 0;
    long lastFailureLog = Long.MIN_VALUE;
    while (true) {
      if (batch.isEmpty()) {
        long now = System.nanoTime();
        boolean due =
            closing
                || queue.size() >= settings.batchSize()
                || flushTarget.get() > processed.get()
                || now - lastWrite >= intervalNanos;
        if (!due) {
          LockSupport.parkNanos(this, intervalNanos - (now - lastWrite));
          continue;
        }
        queue.drainTo(batch, settings.batchSize());
        inBatch = batch.size();
        lastWrite = now;
        if (batch.isEmpty()) {
          if (closing) {
            break;
          }
          signalProgress();
          continue;
        }
      }
      if (write(batch)) {
        if (failures > 0) {
          log.info(
              "spend log writer: database back after {} failed attempt(s); {} row(s) still buffered",
              failures,
              queue.size());
        }
        failures = 0;
        continue;
      }
      failures++;
      long nowMillis = clock.millis();
      if (failures == 1 || nowMillis - lastFailureLog >= LOG_INTERVAL_MILLIS) {
        lastFailureLog = nowMillis;
        log.warn(
            "spend log writer: cannot write {} row(s) (attempt {}; {} buffered); retrying: {}",
            batch.size(),
            failures,
            buffered(),
            String.valueOf(lastError));
      }
      if (closing && System.nanoTime() - closeDeadlineNanos >= 0) {
        break;
      }
      try {
        sleeper.sleep(backoff(failures));
      } catch (InterruptedException ie) {
        if (closing) {
          break;
        }
      }
    }
    // closing: whatever is left could not be written in time
    int left = batch.size() + queue.size();
    queue.clear();
    inBatch = 0;
    if (left > 0) {
      log.error(
          "spend log writer closed with {} row(s) unwritten after {}: they are lost",
          left,
          settings.shutdownTimeout());
      dropped.addAndGet(left);
      if (droppedCounter != null) {
        droppedCounter.increment(left);
      }
      processed.addAndGet(left);
    }
    signalProgress();
  }

  /**
   * Writes the batch. Returns false when the database is unavailable: what is left of the batch
   * stays in it for the next attempt. When the database refuses the data itself (SQLState class 22,
   * data exception, or 23, integrity violation), the rows are written one by one and a row refused
   * alone twice is dropped (counted, logged with its call id), so one bad row cannot stop the
   * accounting of every other call. Any other failure (connection, read-only, disk full ...) is an
   * outage: nothing is dropped.
   */
  private boolean write(List<CallRecord> batch) {
    try {
      int inserted = store.write(batch);
      int n = batch.size();
      batch.clear();
      inBatch = 0; // before completed() wakes flush(): buffered() must read 0 once flush returns
      completed(n, inserted);
      return true;
    } catch (Exception e) {
      lastError = e;
      if (!SpendStore.refusesData(e)) {
        return false;
      }
    }
    Iterator<CallRecord> it = batch.iterator();
    while (it.hasNext()) {
      CallRecord r = it.next();
      Exception refusal = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        try {
          completed(1, store.write(List.of(r)));
          refusal = null;
          break;
        } catch (Exception e) {
          if (!SpendStore.refusesData(e)) {
            lastError = e;
            inBatch = batch.size();
            return false;
          }
          refusal = e;
        }
      }
      if (refusal != null) {
        log.error(
            "spend log writer: the database refuses call {}; dropping it: {}",
            r.id(),
            refusal.toString());
        processed.incrementAndGet();
        drop(1, "the database refused them");
      }
      it.remove();
    }
    inBatch = 0;
    signalProgress();
    return true;
  }

  /** {@code n} rows are done with, {@code inserted} of them new. */
  private void completed(int n, int inserted) {
    written.addAndGet(inserted);
    if (writtenCounter != null) {
      writtenCounter.increment(inserted);
    }
    processed.addAndGet(n);
    signalProgress();
  }

  private Duration backoff(int failures) {
    Duration d = settings.retryInitialBackoff();
    for (int i = 1; i < failures && d.compareTo(settings.retryMaxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(settings.retryMaxBackoff()) > 0 ? settings.retryMaxBackoff() : d;
  }

  private void drop(int n, String why) {
    long total = dropped.addAndGet(n);
    if (droppedCounter != null) {
      droppedCounter.increment(n);
    }
    long now = clock.millis();
    long last = lastDropLog.get();
    if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL_MILLIS)
        && lastDropLog.compareAndSet(last, now)) {
      log.warn("spend log: dropping rows because {}; {} dropped so far", why, total);
    }
  }

  private void signalProgress() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }
}
