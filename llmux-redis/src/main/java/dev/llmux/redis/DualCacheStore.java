package dev.llmux.redis;

import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.cache.CacheStore;
import java.time.Duration;

/**
 * {@code cache.type: dual}: an in-process cache in front of Redis. A get is served locally when it
 * can; otherwise from Redis, and a Redis hit is copied into the local cache for what remains of its
 * Redis TTL (backfill). A put writes both. When Redis fails, the local cache keeps serving and the
 * failure is counted and logged by the gateway (it is not rethrown).
 */
final class DualCacheStore implements CacheStore {
  private final CacheStore local;
  private final RedisCacheStore remote;

  DualCacheStore(CacheStore local, RedisCacheStore remote) {
    this.local = local;
    this.remote = remote;
  }

  @Override
  public CacheEntry get(String key) {
    CacheEntry hit = local.get(key);
    if (hit != null) {
      return hit;
    }
    RedisCacheStore.Fetched f;
    try {
      f = remote.getWithTtl(key);
    } catch (RedisStoreException e) {
      return null;
    }
    if (f == null) {
      return null;
    }
    if (f.ttl() != null) {
      local.put(key, f.entry(), f.ttl());
    }
    return f.entry();
  }

  @Override
  public void put(String key, CacheEntry entry, Duration ttl) {
    local.put(key, entry, ttl);
    try {
      remote.put(key, entry, ttl);
    } catch (RedisStoreException e) {
      // counted and logged by the gateway; the local copy still serves this instance
    }
  }

  @Override
  public void close() {
    local.close();
  }
}
