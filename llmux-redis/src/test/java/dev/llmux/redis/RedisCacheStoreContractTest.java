package dev.llmux.redis;

import dev.llmux.core.FakeTime;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.cache.CacheStoreContract;
import java.time.Duration;

class RedisCacheStoreContractTest extends CacheStoreContract {
  @Override
  protected CacheStore create(FakeTime time, long maxEntries, long maxBytes) {
    RedisStores redis = RedisContractTests.stores(true);
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
