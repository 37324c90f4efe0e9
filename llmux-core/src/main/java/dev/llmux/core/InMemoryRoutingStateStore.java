package dev.llmux.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default {@link RoutingStateStore}: state of one router instance, in memory. Latency windows
 * are small ring buffers, in-flight counts atomic longs, and per-minute usage one counter pair per
 * deployment that starts over when the minute changes.
 */
public final class InMemoryRoutingStateStore implements RoutingStateStore {
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private Entry entry(String id) {
    Entry e = entries.get(id);
    return e != null ? e : entries.computeIfAbsent(id, k -> new Entry());
  }

  @Override
  public void recordLatency(String deploymentId, LatencyKind kind, double seconds, int window, long nowMillis) {
    entry(deploymentId).ring(kind).add(seconds, nowMillis, window);
  }

  @Override
  public LatencyStats latency(String deploymentId, LatencyKind kind, long nowMillis, long maxAgeMillis) {
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
  public boolean tryAcquire(String deploymentId, long minute, long tokens, long rpmLimit, long tpmLimit) {
    return entry(deploymentId).usage.tryAcquire(minute, tokens, rpmLimit, tpmLimit);
  }

  @Override
  public void addTokens(String deploymentId, long minute, long tokens) {
    entry(deploymentId).usage.addTokens(minute, tokens);
  }

  @Override
  public MinuteUsage usage(String deploymentId, long minute) {
    Entry e = entries.get(deploymentId);
    return e == null ? MinuteUsage.ZERO : e.usage.get(minute);
  }

  @Override
  public void remove(String deploymentId) {
    entries.remove(deploymentId);
  }

  private static final class Entry {
    final Ring perToken = new Ring();
    final Ring ttft = new Ring();
    final AtomicLong inFlight = new AtomicLong();
    final Usage usage = new Usage();

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

    synchronized LatencyStats stats(long now, long maxAge) {
      double sum = 0;
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (now - times[i] <= maxAge) {
          sum += values[i];
          n++;
        }
      }
      return n == 0 ? LatencyStats.NONE : new LatencyStats(n, sum / n);
    }
  }

  /** Requests and tokens of the current minute. */
  private static final class Usage {
    private long minute = Long.MIN_VALUE;
    private long requests;
    private long tokens;

    synchronized boolean tryAcquire(long m, long t, long rpmLimit, long tpmLimit) {
      roll(m);
      if (rpmLimit > 0 && requests + 1 > rpmLimit) {
        return false;
      }
      if (tpmLimit > 0 && tokens > 0 && tokens + t > tpmLimit) {
        return false;
      }
      requests++;
      tokens += t;
      return true;
    }

    synchronized void addTokens(long m, long t) {
      roll(m);
      tokens = Math.max(0, tokens + t);
    }

    synchronized MinuteUsage get(long m) {
      return m == minute ? new MinuteUsage(requests, tokens) : MinuteUsage.ZERO;
    }

    private void roll(long m) {
      if (m != minute) {
        minute = m;
        requests = 0;
        tokens = 0;
      }
    }
  }
}
