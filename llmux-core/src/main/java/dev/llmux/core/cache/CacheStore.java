package dev.llmux.core.cache;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where cached responses live. Keys are opaque, already namespaced strings; values are serialized
 * responses. Implementations must be thread-safe, bounded, and must not throw for a missing key. A
 * store that fails (a network store that is down) should throw an unchecked exception: the router
 * then serves the request without the cache and logs the failure.
 */
public interface CacheStore extends AutoCloseable {

  /** The entry stored under {@code key} and not yet expired, or {@code null}. */
  @Nullable CacheEntry get(String key);

  /** Stores {@code entry} under {@code key} for {@code ttl}. */
  void put(String key, CacheEntry entry, Duration ttl);

  @Override
  default void close() {}

  /**
   * An in-memory store (Caffeine) bounded by both entry count and total bytes: each entry weighs
   * its size in bytes but at least {@code maxBytes / maxEntries}, so neither bound can be exceeded.
   */
  static CacheStore inMemory(long maxEntries, long maxBytes) {
    return new InMemoryCacheStore(maxEntries, maxBytes, dev.llmux.core.Ticker.system());
  }

  /** As {@link #inMemory(long, long)}, with expiry measured by {@code ticker} (for tests). */
  static CacheStore inMemory(long maxEntries, long maxBytes, dev.llmux.core.Ticker ticker) {
    return new InMemoryCacheStore(maxEntries, maxBytes, ticker);
  }
}
