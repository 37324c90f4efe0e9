package dev.llmux.redis;

import static dev.llmux.redis.RedisGateway.asLong;
import static dev.llmux.redis.RedisGateway.b;

import dev.llmux.core.store.Acquisition;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.Limit;
import dev.llmux.core.store.Permit;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link CounterStore} in Redis: every counter (a sliding window, or a concurrency gauge) is a
 * sorted set of entries (member = permit id and index, score = time in microseconds) plus a hash of
 * each entry's amount and their running sum ({@code _sum}). Each operation is one Lua script, one
 * round trip; expired entries are dropped by the script that next touches the counter, and every
 * key expires one window (or one concurrency lease) after its last write.
 *
 * <p>By default the time is the Redis server's ({@code TIME}), so routers whose clocks differ still
 * agree on every window; the {@code now} passed in is then ignored. A gauge entry lives at most one
 * lease (default 10 minutes) so a router that died holding permits gives them back.
 */
final class RedisCounterStore implements CounterStore {

  // KEYS[1] = permit marker; then per limit i: KEYS[2i] = zset, KEYS[2i+1] = hash.
  // ARGV: now (microseconds, '' = server time), permit id, n, marker ttl (ms),
  //       then per limit: kind ('w' window / 'c' gauge), max, window or lease (us), amount.
  private static final String PRELUDE =
      """
      local function clock(arg)
        if arg == '' then
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        return tonumber(arg)
      end
      local function sweep(z, h, now, win)
        local old = redis.call('ZRANGEBYSCORE', z, '-inf', now - win)
        if #old > 0 then
          local amounts = redis.call('HMGET', h, unpack(old))
          local s = 0
          for j = 1, #amounts do s = s + (tonumber(amounts[j]) or 0) end
          redis.call('HDEL', h, unpack(old))
          redis.call('ZREMRANGEBYSCORE', z, '-inf', now - win)
          redis.call('HINCRBY', h, '_sum', -s)
        end
        return tonumber(redis.call('HGET', h, '_sum') or '0')
      end
      """;

  private static final RedisGateway.Script ACQUIRE =
      new RedisGateway.Script(
          PRELUDE
              + """
      local now = clock(ARGV[1])
      local pid = ARGV[2]
      local n = tonumber(ARGV[3])
      local pending = {}
      for i = 1, n do
        local a = 4 + (i - 1) * 4
        local kind, max, win, amt = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
        local z, h = KEYS[2 * i], KEYS[2 * i + 1]
        local before = pending[z] or 0
        local held = sweep(z, h, now, win) + before
        if amt > 0 and held + amt > max then
          local wait = -1
          if kind == 'w' and amt + before <= max then
            local es = redis.call('ZRANGE', z, 0, -1, 'WITHSCORES')
            local left = held - before
            for j = 1, #es, 2 do
              left = left - (tonumber(redis.call('HGET', h, es[j])) or 0)
              if left + amt + before <= max then
                wait = tonumber(es[j + 1]) + win - now
                break
              end
            end
          end
          return {0, i - 1, held, wait}
        end
        pending[z] = before + amt
      end
      local longest = 0
      for i = 1, n do
        local a = 4 + (i - 1) * 4
        local win, amt = tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
        local z, h = KEYS[2 * i], KEYS[2 * i + 1]
        local m = pid .. ':' .. (i - 1)
        redis.call('ZADD', z, now, m)
        redis.call('HSET', h, m, amt)
        redis.call('HINCRBY', h, '_sum', amt)
        local ttl = math.ceil(win / 1000) + 1000
        redis.call('PEXPIRE', z, ttl)
        redis.call('PEXPIRE', h, ttl)
        if ttl > longest then longest = ttl end
      end
      if n > 0 then redis.call('SET', KEYS[1], '1', 'PX', longest) end
      return {1, now}
      """);

  // KEYS as ACQUIRE. ARGV: now, permit id, n, mode ('s' settle / 'r' release),
  //       then per limit: kind, window or lease (us), final amount.
  private static final RedisGateway.Script FINISH =
      new RedisGateway.Script(
          PRELUDE
              + """
      if redis.call('DEL', KEYS[1]) == 0 then return 0 end
      local now = clock(ARGV[1])
      local pid = ARGV[2]
      local n = tonumber(ARGV[3])
      local mode = ARGV[4]
      for i = 1, n do
        local a = 4 + (i - 1) * 3
        local kind, win, fin = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
        local z, h = KEYS[2 * i], KEYS[2 * i + 1]
        local m = pid .. ':' .. (i - 1)
        if mode == 's' then sweep(z, h, now, win) end
        local cur = tonumber(redis.call('HGET', h, m))
        if cur then
          if mode == 's' and kind == 'w' then
            redis.call('HSET', h, m, fin)
            redis.call('HINCRBY', h, '_sum', fin - cur)
          else
            redis.call('HDEL', h, m)
            redis.call('ZREM', z, m)
            redis.call('HINCRBY', h, '_sum', -cur)
          end
        end
      end
      return 1
      """);

  // KEYS[1] = zset, KEYS[2] = hash. ARGV: now, window or lease (us).
  private static final RedisGateway.Script USED =
      new RedisGateway.Script(
          PRELUDE
              + """
      return sweep(KEYS[1], KEYS[2], clock(ARGV[1]), tonumber(ARGV[2]))
      """);

  private final RedisGateway redis;
  private final String prefix;
  private final boolean serverTime;
  private final long leaseMicros;

  RedisCounterStore(
      RedisGateway redis, String prefix, boolean serverTime, Duration concurrencyLease) {
    this.redis = redis;
    this.prefix = prefix;
    this.serverTime = serverTime;
    this.leaseMicros = Math.max(1, concurrencyLease.toNanos() / 1000);
  }

  private String base(String key, Duration window) {
    return window == null ? prefix + "c:" + key : prefix + "w:" + window.toNanos() + ":" + key;
  }

  private long spanMicros(Limit l) {
    return l.isConcurrency() ? leaseMicros : Math.max(1, l.window().toNanos() / 1000);
  }

  private byte[] now(Instant now) {
    if (serverTime) {
      return b("");
    }
    return b(
        Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000));
  }

  private String[] keys(String permitId, List<Limit> limits) {
    String[] keys = new String[1 + 2 * limits.size()];
    keys[0] = prefix + "p:" + permitId;
    for (int i = 0; i < limits.size(); i++) {
      String base = base(limits.get(i).key(), limits.get(i).window());
      keys[1 + 2 * i] = base + ":z";
      keys[2 + 2 * i] = base + ":h";
    }
    return keys;
  }

  @Override
  public Acquisition acquire(List<Limit> limits, List<Long> amounts, Instant now) {
    Objects.requireNonNull(now, "now");
    if (limits.size() != amounts.size()) {
      throw new IllegalArgumentException("limits and amounts differ in size");
    }
    for (long a : amounts) {
      if (a < 0) {
        throw new IllegalArgumentException("amount must be >= 0, got " + a);
      }
    }
    String id = UUID.randomUUID().toString();
    int n = limits.size();
    List<byte[]> args = new ArrayList<>(4 + 4 * n);
    args.add(now(now));
    args.add(b(id));
    args.add(b(n));
    args.add(b(0));
    for (int i = 0; i < n; i++) {
      Limit l = limits.get(i);
      args.add(b(l.isConcurrency() ? "c" : "w"));
      args.add(b(l.max()));
      args.add(b(spanMicros(l)));
      args.add(b(amounts.get(i)));
    }
    List<Object> r =
        redis.eval(
            "acquire",
            ACQUIRE,
            ScriptOutputType.MULTI,
            keys(id, limits),
            args.toArray(new byte[0][]));
    if (asLong(r.get(0)) == 1) {
      return Acquisition.granted(new Permit(id, limits, amounts, now));
    }
    long wait = asLong(r.get(3));
    return Acquisition.denied(
        (int) asLong(r.get(1)),
        asLong(r.get(2)),
        wait < 0 ? null : Duration.ofNanos(Math.multiplyExact(wait, 1000L)));
  }

  @Override
  public void settle(Permit permit, List<Long> finalAmounts, Instant now) {
    if (finalAmounts.size() != permit.limits().size()) {
      throw new IllegalArgumentException("finalAmounts and the permit's limits differ in size");
    }
    finish(permit, finalAmounts, now, "s");
  }

  @Override
  public void release(Permit permit) {
    finish(permit, permit.amounts(), Instant.EPOCH, "r");
  }

  private void finish(Permit permit, List<Long> amounts, Instant now, String mode) {
    int n = permit.limits().size();
    if (n == 0) {
      return;
    }
    List<byte[]> args = new ArrayList<>(4 + 3 * n);
    args.add(now(now));
    args.add(b(permit.id()));
    args.add(b(n));
    args.add(b(mode));
    for (int i = 0; i < n; i++) {
      Limit l = permit.limits().get(i);
      args.add(b(l.isConcurrency() ? "c" : "w"));
      args.add(b(spanMicros(l)));
      args.add(b(Math.max(0, amounts.get(i))));
    }
    redis.eval(
        mode.equals("s") ? "settle" : "release",
        FINISH,
        ScriptOutputType.INTEGER,
        keys(permit.id(), permit.limits()),
        args.toArray(new byte[0][]));
  }

  @Override
  public long used(String key, Duration window, Instant now) {
    String base = base(key, window);
    long span = window == null ? leaseMicros : Math.max(1, window.toNanos() / 1000);
    Long v =
        redis.eval(
            "used",
            USED,
            ScriptOutputType.INTEGER,
            new String[] {base + ":z", base + ":h"},
            now(now),
            b(span));
    return v == null ? 0 : v;
  }
}
