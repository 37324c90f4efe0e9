package dev.llmux.redis;

import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.cache.CacheStore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@link CacheStore} in Redis: one string per entry ({@code SET ... PX ttl}, {@code GET}), one
 * round trip each. The value is the entry's store time (epoch seconds, nanos) followed by its
 * bytes. Redis bounds the total through its own {@code maxmemory} policy; this store keeps no bound
 * of its own. Keys carry no hash tag, so on a Cluster entries spread over every shard.
 */
final class RedisCacheStore implements CacheStore {
  private static final int HEADER = Long.BYTES + Integer.BYTES;

  private static final RedisGateway.Script GET_WITH_TTL =
      new RedisGateway.Script(
          """
      return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}
      """);

  private final RedisGateway redis;
  private final String prefix;

  RedisCacheStore(RedisGateway redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  static byte[] encode(CacheEntry entry) {
    byte[] v = entry.value();
    return ByteBuffer.allocate(HEADER + v.length)
        .putLong(entry.storedAt().getEpochSecond())
        .putInt(entry.storedAt().getNano())
        .put(v)
        .array();
  }

  static CacheEntry decode(byte[] raw) {
    if (raw == null || raw.length < HEADER) {
      return null;
    }
    ByteBuffer buf = ByteBuffer.wrap(raw);
    Instant at = Instant.ofEpochSecond(buf.getLong(), buf.getInt());
    byte[] v = new byte[raw.length - HEADER];
    buf.get(v);
    return new CacheEntry(v, at);
  }

  @Override
  public CacheEntry get(String key) {
    return decode(redis.call("cache-get", c -> c.get(prefix + key)));
  }

  /** The entry and its remaining time to live in one round trip (for a local cache in front). */
  Fetched getWithTtl(String key) {
    List<Object> r =
        redis.eval(
            "cache-get",
            GET_WITH_TTL,
            io.lettuce.core.ScriptOutputType.MULTI,
            new String[] {prefix + key});
    CacheEntry e = r.isEmpty() || !(r.get(0) instanceof byte[] raw) ? null : decode(raw);
    long ttl = r.size() > 1 ? RedisGateway.asLong(r.get(1)) : -1;
    return e == null ? null : new Fetched(e, ttl > 0 ? Duration.ofMillis(ttl) : null);
  }

  record Fetched(CacheEntry entry, Duration ttl) {}

  @Override
  public void put(String key, CacheEntry entry, Duration ttl) {
    long ms = ttl.toMillis();
    if (ms <= 0) {
      return;
    }
    redis.call("cache-put", c -> c.psetex(prefix + key, ms, encode(entry)));
  }
}
