package dev.llmux.jdbc.internal;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.llmux.core.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read caches of the request path (key lookups, governance rules). An entry is refreshed in the
 * background once it is older than the TTL, and the stale value keeps being served while the
 * refresh runs and when it fails: a database outage does not stop requests whose keys are cached. A
 * TTL of zero disables caching. Not public API.
 */
final class Caches {
  private static final Logger log = LoggerFactory.getLogger(Caches.class);
  private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private Caches() {}

  static <K, V> LoadingCache<K, V> build(
      String name, Duration ttl, long maxSize, Ticker ticker, Function<K, V> loader) {
    AtomicLong lastWarn = new AtomicLong(ticker.read() - WARN_EVERY_NANOS);
    CacheLoader<K, V> l =
        new CacheLoader<>() {
          @Override
          public V load(K key) {
            return loader.apply(key);
          }

          @Override
          public V reload(K key, V oldValue) {
            try {
              return loader.apply(key);
            } catch (RuntimeException e) {
              long now = ticker.read();
              long last = lastWarn.get();
              if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
                log.warn(
                    "refreshing the {} cache failed, serving cached entries: {}",
                    name,
                    e.toString());
              }
              return oldValue;
            }
          }
        };
    Caffeine<Object, Object> b = Caffeine.newBuilder().ticker(ticker::read).maximumSize(maxSize);
    if (ttl.isZero()) {
      b.expireAfterWrite(Duration.ZERO);
    } else {
      b.refreshAfterWrite(ttl);
    }
    return b.build(l);
  }
}
