package dev.llmux.core.spi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link RoutingStateStore}: state of one router instance, in memory. Latency windows
 * are small ring buffers and in-flight counts atomic longs. (Per-deployment request and token usage
 * lives in the rate limits' {@link dev.llmux.core.store.CounterStore}.)
 */
public final class InMemoryRoutingStateStore implements RoutingStateStore {
  /** Bound on the number of round-robin counters (model groups); beyond it the map is cleared. */
  private static final int MAX_GROUPS = 10_000;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();

  private Entry entry(String id) {
    Entry e = entries.get(id);
    return e != null ? e : entries.computeIfAbsent(id, k -> new Entry());
  }

  @Override
  public void recordLatency(
      String deploymentId, LatencyKind kind, double seconds, int window, long nowMillis) {
    entry(deploymentId).ring(kind).add(seconds, nowMillis, window);
  }

  @Override
  public LatencyStats latency(
      String deploymentId, LatencyKind kind, long nowMillis, long maxAgeMillis) {
    Entry e = entries.get(deploymentId);
    return e == null ? LatencyStats.NONE : e.ring(kind).stats(nowMillis, maxAgeMillis);
  }

  @Override
  public long addInFlight(String deploymentId, int delta) {
    AtomicLong c = entry(deploymentId).inFlight;
    long v = c.addAndGet(delta);
    if (v < 0) {
      // never below zero, whatever a buggy caller does
      c.compareAndSet(v, 0);
      return 0;
    }
    return v;
  }

  @Override
  public long inFlight(String deploymentId) {
    Entry e = entries.get(deploymentId);
    return e == null ? 0 : e.inFlight.get();
  }

  @Override
  public long nextTurn(String modelGroup) {
    AtomicLong c = turns.get(modelGroup);
    if (c == null) {
      if (turns.size() >= MAX_GROUPS) {
        turns.clear();
      }
      c = turns.computeIfAbsent(modelGroup, k -> new AtomicLong());
    }
    return c.getAndIncrement();
  }

  @Override
  public void remove(String deploymentId) {
    entries.remove(deploymentId);
  }

  private static final class Entry {
    final Ring perToken = new Ring();
    final Ring ttft = new Ring();
    final AtomicLong inFlight = new AtomicLong();

    Ring ring(LatencyKind kind) {
      return kind == LatencyKind.PER_OUTPUT_TOKEN ? perToken : ttft;
    }
  }

  /** The newest samples, up to the window asked for (at most 1000). */
  private static final class Ring {
    private static final int MAX = 1000;
    private double[] values = new double[0];
    private long[] times = new long[0];
    private int next;
    private int size;

    synchronized void add(double v, long now, int window) {
      int w = Math.max(1, Math.min(window, MAX));
      if (values.length != w) {
        resize(w);
      }
      values[next] = v;
      times[next] = now;
      next = (next + 1) % w;
      size = Math.min(size + 1, w);
    }

    private void resize(int w) {
      double[] nv = new double[w];
      long[] nt = new long[w];
      int keep = Math.min(size, w);
      for (int i = 0; i < keep; i++) {
        // copy the newest `keep` samples, oldest first
        int src = Math.floorMod(next - keep + i, values.length);
        nv[i] = values[src];
        nt[i] = times[src];
      }
      values = nv;
      times = nt;
      size = keep;
      next = keep % w;
    }

    LatencyStats stats(long now, long maxAge) {
      double[] recent;
      int n = 0;
      synchronized (this) {
        recent = new double[size];
        for (int i = 0; i < size; i++) {
          if (now - times[i] <= maxAge) {
            recent[n++] = values[i];
          }
        }
      }
      return LatencyStats.of(recent, n);
    }
  }
}
