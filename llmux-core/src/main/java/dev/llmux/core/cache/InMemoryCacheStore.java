package dev.llmux.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Caffeine-backed {@link CacheStore} with a per-entry time to live. */
final class InMemoryCacheStore implements CacheStore {
  private record Held(CacheEntry entry, long ttlNanos) {}

  private final Cache<String, Held> cache;

  InMemoryCacheStore(long maxEntries, long maxBytes, dev.llmux.core.Ticker ticker) {
    if (maxEntries <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("maxEntries and maxBytes must be positive");
    }
    long minWeight = Math.max(1, maxBytes / maxEntries);
    this.cache =
        Caffeine.newBuilder()
            .ticker(ticker::read)
            .executor(Runnable::run)
            .maximumWeight(maxBytes)
            .weigher(
                (String k, Held h) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            Math.max(minWeight, h.entry().value().length + 2L * k.length())))
            .expireAfter(
                new Expiry<String, Held>() {
                  @Override
                  public long expireAfterCreate(String key, Held value, long currentTime) {
                    return value.ttlNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Held value, long currentTime, long currentDuration) {
                    return value.ttlNanos();
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Held value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  @Override
  public @Nullable CacheEntry get(String key) {
    Held h = cache.getIfPresent(key);
    return h == null ? null : h.entry();
  }

  @Override
  public void put(String key, CacheEntry entry, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative()) {
      return;
    }
    cache.put(key, new Held(entry, ttl.toNanos()));
  }

  /** For tests: the number of live entries after pending maintenance. */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
