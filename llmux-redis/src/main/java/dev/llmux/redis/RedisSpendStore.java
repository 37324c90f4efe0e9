package dev.llmux.redis;

import static dev.llmux.redis.RedisGateway.asLong;
import static dev.llmux.redis.RedisGateway.b;

import dev.llmux.core.store.Balance;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.Reservation;
import dev.llmux.core.store.ReserveResult;
import dev.llmux.core.store.SpendStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link SpendStore} in Redis: one hash per account and period ({@code spent}, {@code reserved}),
 * raised to the key's durable floor ({@link BudgetKey#floor()}) inside the same script, keyed by
 * {@link BudgetKey#account()}, plus one marker key per open reservation so a second settle or
 * release does nothing. Each operation is one Lua script, one round trip. An account expires {@code
 * retention} after its period ends; a reservation marker at the same time (one day for budgets
 * without a reset), so a router that dies holding a reservation leaves it counted until then.
 */
final class RedisSpendStore implements SpendStore {

  // KEYS[1] = reservation marker, KEYS[1+i] = account i.
  // ARGV: amount, n, marker ttl (ms), then per account: max, ttl (ms, -1 = none), floor.
  // The floor is written from its ARGV string (exact), compared as a number.
  private static final RedisGateway.Script RESERVE =
      new RedisGateway.Script(
          """
      local amt = tonumber(ARGV[1])
      local n = tonumber(ARGV[2])
      for i = 1, n do
        local h = KEYS[1 + i]
        local floor = ARGV[3 + 3 * i]
        if tonumber(floor) > 0 and tonumber(floor) > (tonumber(redis.call('HGET', h, 'spent')) or 0) then
          redis.call('HSET', h, 'spent', floor)
          local ttl = tonumber(ARGV[2 + 3 * i])
          if ttl > 0 and redis.call('PTTL', h) < ttl then redis.call('PEXPIRE', h, ttl) end
        end
      end
      local pending = {}
      for i = 1, n do
        local h = KEYS[1 + i]
        local max = tonumber(ARGV[1 + 3 * i])
        local v = redis.call('HMGET', h, 'spent', 'reserved')
        local spent = tonumber(v[1]) or 0
        local reserved = (tonumber(v[2]) or 0) + (pending[h] or 0)
        local committed = spent + reserved
        if committed >= max or amt > max - committed then
          return {0, i - 1, spent, reserved}
        end
        pending[h] = (pending[h] or 0) + amt
      end
      for i = 1, n do
        local h = KEYS[1 + i]
        local ttl = tonumber(ARGV[2 + 3 * i])
        redis.call('HINCRBY', h, 'reserved', amt)
        if ttl > 0 then redis.call('PEXPIRE', h, ttl) end
      end
      redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
      return {1}
      """);

  // KEYS as RESERVE. ARGV: mode ('s' settle / 'r' release / 'a' record), reserved amount, actual,
  //       n, then per account: ttl (ms, -1 = none), floor. Returns each account's spend (settle,
  //       record), raised to the floor before the actual cost is added.
  private static final RedisGateway.Script FINISH =
      new RedisGateway.Script(
          """
      local mode = ARGV[1]
      if mode ~= 'a' and redis.call('DEL', KEYS[1]) == 0 then return {} end
      local reservedAmt, actual, n = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
      local out = {}
      for i = 1, n do
        local h = KEYS[1 + i]
        if mode ~= 'a' then
          local r = tonumber(redis.call('HGET', h, 'reserved')) or 0
          redis.call('HSET', h, 'reserved', math.max(0, r - reservedAmt))
        end
        if mode ~= 'r' then
          local floor = ARGV[4 + 2 * i]
          if tonumber(floor) > 0 and tonumber(floor) > (tonumber(redis.call('HGET', h, 'spent')) or 0) then
            redis.call('HSET', h, 'spent', floor)
          end
          out[i] = redis.call('HINCRBY', h, 'spent', actual)
        end
        local ttl = tonumber(ARGV[3 + 2 * i])
        if ttl > 0 and redis.call('PTTL', h) < ttl then redis.call('PEXPIRE', h, ttl) end
      end
      return out
      """);

  private final RedisGateway redis;
  private final String prefix;
  private final Duration retention;

  RedisSpendStore(RedisGateway redis, String prefix, Duration retention) {
    this.redis = redis;
    this.prefix = prefix;
    this.retention = retention;
  }

  private String accountKey(BudgetKey k) {
    return prefix + "b:" + k.account();
  }

  /** Milliseconds the account must live from {@code now}; -1 for a budget without a reset. */
  private long ttlMillis(BudgetKey k, Instant now) {
    if (k.resetsAt() == null) {
      return -1;
    }
    long left = Math.max(0, Duration.between(now, k.resetsAt()).toMillis());
    return left + retention.toMillis();
  }

  private String[] keys(String id, List<BudgetKey> budgetKeys) {
    String[] keys = new String[1 + budgetKeys.size()];
    keys[0] = prefix + "r:" + id;
    for (int i = 0; i < budgetKeys.size(); i++) {
      keys[1 + i] = accountKey(budgetKeys.get(i));
    }
    return keys;
  }

  @Override
  public ReserveResult reserve(List<BudgetKey> keys, long amount, Instant now) {
    Objects.requireNonNull(now, "now");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be >= 0, got " + amount);
    }
    String id = UUID.randomUUID().toString();
    long markerTtl = Duration.ofDays(1).toMillis();
    List<byte[]> args = new ArrayList<>();
    args.add(b(amount));
    args.add(b(keys.size()));
    args.add(null); // marker ttl, set below
    for (BudgetKey k : keys) {
      long ttl = ttlMillis(k, now);
      markerTtl = Math.max(markerTtl, ttl);
      args.add(b(k.max()));
      args.add(b(ttl));
      args.add(b(k.floor()));
    }
    args.set(2, b(markerTtl));
    List<Object> r =
        redis.eval(
            "reserve",
            RESERVE,
            ScriptOutputType.MULTI,
            keys(id, keys),
            args.toArray(new byte[0][]));
    if (asLong(r.get(0)) == 1) {
      return ReserveResult.granted(new Reservation(id, keys, amount));
    }
    return ReserveResult.denied((int) asLong(r.get(1)), asLong(r.get(2)), asLong(r.get(3)));
  }

  private List<Long> finish(
      String op,
      String mode,
      String id,
      List<BudgetKey> keys,
      long reserved,
      long actual,
      Instant now) {
    List<byte[]> args = new ArrayList<>();
    args.add(b(mode));
    args.add(b(reserved));
    args.add(b(Math.max(0, actual)));
    args.add(b(keys.size()));
    for (BudgetKey k : keys) {
      args.add(b(ttlMillis(k, now)));
      args.add(b(k.floor()));
    }
    List<Object> r =
        redis.eval(op, FINISH, ScriptOutputType.MULTI, keys(id, keys), args.toArray(new byte[0][]));
    List<Long> out = new ArrayList<>(r.size());
    for (Object o : r) {
      out.add(asLong(o));
    }
    return out;
  }

  @Override
  public List<Long> settle(Reservation reservation, long actual, Instant now) {
    return finish(
        "settle", "s", reservation.id(), reservation.keys(), reservation.amount(), actual, now);
  }

  @Override
  public void release(Reservation reservation) {
    finish(
        "release",
        "r",
        reservation.id(),
        reservation.keys(),
        reservation.amount(),
        0,
        Instant.now());
  }

  @Override
  public List<Long> record(List<BudgetKey> keys, long amount, Instant now) {
    return finish("record", "a", "-", keys, 0, amount, now);
  }

  @Override
  public Balance balance(BudgetKey key, Instant now) {
    List<io.lettuce.core.KeyValue<String, byte[]>> v =
        redis.call("balance", c -> c.hmget(accountKey(key), "spent", "reserved"));
    long spent = Math.max(v.get(0).hasValue() ? asLong(v.get(0).getValue()) : 0, key.floor());
    long reserved = v.get(1).hasValue() ? asLong(v.get(1).getValue()) : 0;
    return spent == 0 && reserved == 0 ? Balance.ZERO : new Balance(spent, reserved);
  }
}
