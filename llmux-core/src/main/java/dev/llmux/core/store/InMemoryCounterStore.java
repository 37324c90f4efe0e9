package dev.llmux.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@link CounterStore} in process. Windows are sliding logs (one entry per acquisition, so at most
 * as many entries per key as acquisitions within its window); gauges are plain sums. One lock makes
 * every multi-key operation atomic; each operation is short (amortized O(1) plus the keys touched).
 */
final class InMemoryCounterStore implements CounterStore {

  /** One acquisition recorded in a window. */
  private static final class Entry {
    final long at;
    long amount;
    boolean expired;

    Entry(long at, long amount) {
      this.at = at;
      this.amount = amount;
    }
  }

  /** A sliding log of one key and window length. */
  private static final class Log {
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long sum;

    void expire(long now, long window) {
      Entry e;
      while ((e = entries.peekFirst()) != null && e.at + window <= now) {
        entries.pollFirst();
        e.expired = true;
        sum -= e.amount;
      }
    }

    /** The exact wait until {@code amount} fits under {@code max}; null when it never can. */
    @Nullable Long waitFor(long amount, long max, long now, long window) {
      if (amount > max) {
        return null;
      }
      long held = sum;
      for (Entry e : entries) {
        held -= e.amount;
        if (held + amount <= max) {
          return e.at + window - now;
        }
      }
      return 0L; // unreachable: an empty log always fits
    }
  }

  /** What an open permit holds, to settle or release it exactly once. */
  private record Held(Entry[] entries, Log[] logs) {}

  private final Object lock = new Object();
  private final Map<String, Log> logs = new HashMap<>();
  private final Map<String, Long> gauges = new HashMap<>();
  private final Map<String, Held> open = new HashMap<>();
  private long ops;

  private static String logKey(String key, Duration window) {
    return key + '\u0000' + window.toNanos();
  }

  private static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  @Override
  public Acquisition acquire(List<Limit> limits, List<Long> amounts, Instant now) {
    Objects.requireNonNull(now, "now");
    if (limits.size() != amounts.size()) {
      throw new IllegalArgumentException("limits and amounts differ in size");
    }
    long t = nanos(now);
    int n = limits.size();
    synchronized (lock) {
      maybeSweep(t);
      // Amounts asked so far per counter in this call, so a key given twice is counted twice.
      Map<String, Long> pending = n > 1 ? new HashMap<>() : null;
      Log[] touched = new Log[n];
      for (int i = 0; i < n; i++) {
        Limit l = limits.get(i);
        long amount = amounts.get(i);
        if (amount < 0) {
          throw new IllegalArgumentException("amount must be >= 0, got " + amount);
        }
        Duration window = l.window();
        String k = window == null ? l.key() : logKey(l.key(), window);
        long before = pending == null ? 0 : pending.getOrDefault(k, 0L);
        if (window == null) {
          long held = gauges.getOrDefault(k, 0L) + before;
          if (amount > 0 && held + amount > l.max()) {
            return Acquisition.denied(i, held, null);
          }
        } else {
          long w = window.toNanos();
          Log log = logs.get(k);
          if (log != null) {
            log.expire(t, w);
          }
          touched[i] = log;
          long held = (log == null ? 0 : log.sum) + before;
          if (amount > 0 && held + amount > l.max()) {
            Long wait = null;
            if (amount + before <= l.max()) {
              // Within this call the earlier amounts count as made now: they never expire first.
              wait = log == null ? null : log.waitFor(amount + before, l.max(), t, w);
            }
            return Acquisition.denied(i, held, wait == null ? null : Duration.ofNanos(wait));
          }
        }
        if (pending != null) {
          pending.merge(k, amount, Long::sum);
        }
      }
      Entry[] entries = new Entry[n];
      Log[] held = new Log[n];
      for (int i = 0; i < n; i++) {
        Limit l = limits.get(i);
        long amount = amounts.get(i);
        Duration window = l.window();
        if (window == null) {
          if (amount > 0) {
            gauges.merge(l.key(), amount, Long::sum);
          }
        } else {
          Log log =
              touched[i] != null
                  ? touched[i]
                  : logs.computeIfAbsent(logKey(l.key(), window), x -> new Log());
          Entry e = new Entry(t, amount);
          log.entries.addLast(e);
          log.sum += amount;
          entries[i] = e;
          held[i] = log;
        }
      }
      Permit p = new Permit(UUID.randomUUID().toString(), limits, amounts, now);
      open.put(p.id(), new Held(entries, held));
      return Acquisition.granted(p);
    }
  }

  @Override
  public void settle(Permit permit, List<Long> finalAmounts, Instant now) {
    if (finalAmounts.size() != permit.limits().size()) {
      throw new IllegalArgumentException("finalAmounts and the permit's limits differ in size");
    }
    synchronized (lock) {
      Held h = open.remove(permit.id());
      if (h == null) {
        return;
      }
      for (int i = 0; i < h.entries.length; i++) {
        Entry e = h.entries[i];
        if (e != null) {
          long amount = Math.max(0, finalAmounts.get(i));
          if (!e.expired) {
            h.logs[i].sum += amount - e.amount;
          }
          e.amount = amount;
        } else {
          giveBack(permit.limits().get(i).key(), permit.amounts().get(i));
        }
      }
    }
  }

  @Override
  public void release(Permit permit) {
    synchronized (lock) {
      Held h = open.remove(permit.id());
      if (h == null) {
        return;
      }
      for (int i = 0; i < h.entries.length; i++) {
        Entry e = h.entries[i];
        if (e != null) {
          if (!e.expired) {
            h.logs[i].sum -= e.amount;
            h.logs[i].entries.remove(e);
            e.expired = true;
          }
          e.amount = 0;
        } else {
          giveBack(permit.limits().get(i).key(), permit.amounts().get(i));
        }
      }
    }
  }

  private void giveBack(String key, long amount) {
    if (amount > 0) {
      gauges.computeIfPresent(key, (k, v) -> v - amount <= 0 ? null : v - amount);
    }
  }

  @Override
  public long used(String key, @Nullable Duration window, Instant now) {
    synchronized (lock) {
      if (window == null) {
        return gauges.getOrDefault(key, 0L);
      }
      Log log = logs.get(logKey(key, window));
      if (log == null) {
        return 0;
      }
      log.expire(nanos(now), window.toNanos());
      return log.sum;
    }
  }

  /** Every 4096 acquisitions, drops logs whose entries all expired. */
  private void maybeSweep(long now) {
    if ((++ops & 4095) != 0) {
      return;
    }
    for (Iterator<Map.Entry<String, Log>> it = logs.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Log> me = it.next();
      String k = me.getKey();
      long window = Long.parseLong(k.substring(k.lastIndexOf('\u0000') + 1));
      me.getValue().expire(now, window);
      if (me.getValue().entries.isEmpty()) {
        it.remove();
      }
    }
  }

  /** For tests: the number of window logs kept. */
  int logCount() {
    synchronized (lock) {
      return logs.size();
    }
  }
}
