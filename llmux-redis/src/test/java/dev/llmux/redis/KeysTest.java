package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.spi.CooldownStore;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every key a store writes is namespaced and expires; counter and budget keys share one hash tag.
 */
class KeysTest {

  @Test
  void everyKeyIsNamespacedAndHasATtl() {
    String ns = "keys-" + System.nanoTime();
    RedisClient client = RedisClient.create(RedisTestServer.url());
    try (RedisStores redis =
            RedisStores.builder()
                .url(RedisTestServer.url())
                .namespace(ns)
                .timeout(Duration.ofSeconds(2))
                .build();
        StatefulRedisConnection<String, String> raw = client.connect()) {
      Instant now = Instant.now();
      var permit =
          redis
              .counterStore()
              .acquire(
                  List.of(
                      Limit.window("rpm", 10, Duration.ofMinutes(1)), Limit.concurrent("par", 5)),
                  List.of(1L, 1L),
                  now)
              .permit();
      redis
          .counterStore()
          .acquire(List.of(Limit.concurrent("par", 5)), List.of(1L), now); // never settled
      BudgetKey month = new BudgetKey("team-a", 1_000_000, now, now.plus(Duration.ofDays(30)));
      var reservation = redis.spendStore().reserve(List.of(month), 10, now).reservation();
      redis.spendStore().reserve(List.of(month), 10, now); // never settled
      redis.cacheStore().put("k", new CacheEntry(new byte[] {1}, now), Duration.ofMinutes(5));
      redis
          .routingStateStore()
          .recordLatency(
              "d1", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.01, 10, now.toEpochMilli());
      redis.routingStateStore().addInFlight("d1", 1);
      redis
          .cooldownStore()
          .put("d1", new CooldownStore.Entry(now.plusSeconds(30), "test"), Duration.ofSeconds(30));
      redis.counterStore().settle(permit, List.of(1L, 1L), now);
      redis.spendStore().settle(reservation, 5, now);

      List<String> keys = new java.util.ArrayList<>();
      ScanArgs args = ScanArgs.Builder.matches("llmux:*" + ns + "*").limit(1000);
      io.lettuce.core.KeyScanCursor<String> cursor = raw.sync().scan(args);
      keys.addAll(cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = raw.sync().scan(cursor, args);
        keys.addAll(cursor.getKeys());
      }
      assertThat(keys).hasSizeGreaterThanOrEqualTo(10);
      for (String k : keys) {
        assertThat(k)
            .startsWith(k.startsWith("llmux:{") ? "llmux:{" + ns + "}:" : "llmux:" + ns + ":");
        assertThat(raw.sync().pttl(k)).as("TTL of " + k).isPositive();
      }
      assertThat(keys)
          .anyMatch(k -> k.startsWith("llmux:{" + ns + "}:w:"))
          .anyMatch(k -> k.startsWith("llmux:{" + ns + "}:c:"))
          .anyMatch(k -> k.startsWith("llmux:{" + ns + "}:b:team-a@"))
          .anyMatch(k -> k.startsWith("llmux:{" + ns + "}:r:"))
          .anyMatch(k -> k.equals("llmux:" + ns + ":cache:k"))
          .anyMatch(k -> k.startsWith("llmux:" + ns + ":rs:{d1}:"))
          .anyMatch(k -> k.equals("llmux:" + ns + ":cooldowns"));
    } finally {
      client.shutdown();
    }
  }
}
