package dev.llmux.redis;

import static dev.llmux.redis.RedisGateway.b;

import dev.llmux.core.spi.CooldownStore;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link CooldownStore} in Redis: one hash per namespace ({@code llmux:<ns>:cooldowns}), field =
 * deployment id, value = {@code <until ISO-8601>|<reason>}. A cooldown is written at once (one
 * round trip). Reads come from a local snapshot of the hash, refreshed by one {@code HGETALL} at
 * most every {@code refresh} (by whichever request finds it stale; the others keep routing on the
 * snapshot), so routing costs no round trip per candidate and another instance's cooldown is seen
 * within {@code refresh}. When Redis fails, the snapshot and this instance's own cooldowns serve.
 * Times are the routers' clocks: instances are assumed to agree within a fraction of a cooldown.
 */
final class RedisCooldownStore implements CooldownStore {

  // KEYS[1] = hash. ARGV: field, value, ttl (ms). The hash lives as long as its longest cooldown.
  private static final RedisGateway.Script PUT =
      new RedisGateway.Script(
          """
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      local ttl = tonumber(ARGV[3])
      if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
      return 1
      """);

  private final RedisGateway redis;
  private final String key;
  private final long refreshNanos;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Map<String, Entry> snapshot = Map.of();
  private final Map<String, Entry> own = new ConcurrentHashMap<>();
  private volatile long refreshedAt;
  private volatile boolean everRefreshed;

  RedisCooldownStore(RedisGateway redis, String prefix, Duration refresh) {
    this.redis = redis;
    this.key = prefix + "cooldowns";
    this.refreshNanos = refresh.toNanos();
  }

  @Override
  public Entry get(String deploymentId) {
    maybeRefresh();
    Entry shared = snapshot.get(deploymentId);
    Entry mine = own.get(deploymentId);
    if (mine == null) {
      return shared;
    }
    return shared == null || mine.until().isAfter(shared.until()) ? mine : shared;
  }

  private void maybeRefresh() {
    if (everRefreshed && System.nanoTime() - refreshedAt < refreshNanos) {
      return;
    }
    if (!refreshing.tryLock()) {
      return; // another request is refreshing; route on the snapshot meanwhile
    }
    try {
      if (everRefreshed && System.nanoTime() - refreshedAt < refreshNanos) {
        return;
      }
      try {
        Map<String, byte[]> raw = redis.call("cooldowns", c -> c.hgetall(key));
        Map<String, Entry> next = new HashMap<>();
        raw.forEach(
            (id, v) -> {
              Entry e = decode(v);
              if (e != null) {
                next.put(id, e);
              }
            });
        snapshot = next;
        own.clear(); // what this instance wrote is in the hash now (or was ended elsewhere)
      } catch (RedisStoreException e) {
        // keep the snapshot and this instance's own cooldowns until Redis answers again
      }
      refreshedAt = System.nanoTime();
      everRefreshed = true;
    } finally {
      refreshing.unlock();
    }
  }

  private static Entry decode(byte[] v) {
    String s = new String(v, StandardCharsets.UTF_8);
    int bar = s.indexOf('|');
    try {
      return new Entry(
          Instant.parse(bar < 0 ? s : s.substring(0, bar)), bar < 0 ? null : s.substring(bar + 1));
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void put(String deploymentId, Entry entry, Duration duration) {
    own.put(deploymentId, entry);
    try {
      redis.eval(
          "cooldown-put",
          PUT,
          ScriptOutputType.INTEGER,
          new String[] {key},
          b(deploymentId),
          b(entry.until() + "|" + (entry.reason() == null ? "" : entry.reason())),
          b(Math.max(1, duration.toMillis()) + 1000));
    } catch (RedisStoreException e) {
      // this instance still honours it; the others will not see it
    }
  }

  @Override
  public void remove(String deploymentId) {
    own.remove(deploymentId);
    Map<String, Entry> s = snapshot;
    if (s.containsKey(deploymentId)) {
      Map<String, Entry> next = new HashMap<>(s);
      next.remove(deploymentId);
      snapshot = next;
    }
    try {
      redis.call("cooldown-remove", c -> c.hdel(key, deploymentId));
    } catch (RedisStoreException e) {
      // the entry expires with the hash
    }
  }
}
