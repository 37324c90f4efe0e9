package dev.llmux.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where the router keeps which deployments are cooling down. The default is in memory, for one
 * router; a shared store (llmux-redis) lets a cooldown started by one instance be honoured by every
 * instance. The failure windows that decide a cooldown stay in each router.
 *
 * <p>Implementations must be thread-safe and fast ({@link #get} runs for every candidate deployment
 * of every request); a failing remote store should serve from local state rather than throw.
 */
public interface CooldownStore {

  /** A cooldown: until when, and why. */
  record Entry(Instant until, String reason) {}

  /** The cooldown recorded for {@code deploymentId} (possibly already over), or {@code null}. */
  @Nullable Entry get(String deploymentId);

  /** Records a cooldown; {@code duration} is how long it lasts from now (for expiry). */
  void put(String deploymentId, Entry entry, Duration duration);

  /** Ends the deployment's cooldown, if any. */
  void remove(String deploymentId);

  /** The in-process store. */
  static CooldownStore inMemory() {
    Map<String, Entry> map = new ConcurrentHashMap<>();
    return new CooldownStore() {
      @Override
      public @Nullable Entry get(String deploymentId) {
        return map.get(deploymentId);
      }

      @Override
      public void put(String deploymentId, Entry entry, Duration duration) {
        map.put(deploymentId, entry);
      }

      @Override
      public void remove(String deploymentId) {
        map.remove(deploymentId);
      }
    };
  }
}
