package dev.llmux.redis;

import dev.llmux.core.FakeTime;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.cache.CacheStoreContract;
import java.time.Duration;

/** The cache contract against the 3-master test cluster (cache keys spread over its masters). */
class RedisClusterCacheStoreContractTest extends CacheStoreContract {
  @Override
  protected CacheStore create(FakeTime time, long maxEntries, long maxBytes) {
    RedisStores redis = RedisTestCluster.stores("cl-cache", true);
    CacheStore c = redis.cacheStore();
    return new CacheStore() {
      @Override
      public dev.llmux.core.cache.CacheEntry get(String key) {
        return c.get(key);
      }

      @Override
      public void put(String key, dev.llmux.core.cache.CacheEntry entry, Duration ttl) {
        c.put(key, entry, ttl);
      }

      @Override
      public void close() {
        redis.close();
      }
    };
  }

  @Override
  protected boolean honoursFakeTime() {
    return false;
  }

  @Override
  protected boolean enforcesBounds() {
    return false;
  }
}
