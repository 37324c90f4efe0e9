package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stores of several namespaces on the 3-master test cluster: keys spread, scripts reach every node.
 */
class RedisClusterTest {

  private static int master(String key) {
    int slot = SlotHash.getSlot(key);
    for (int i = 0; i < RedisTestCluster.RANGES.length; i++) {
      if (slot >= RedisTestCluster.RANGES[i][0] && slot <= RedisTestCluster.RANGES[i][1]) {
        return i;
      }
    }
    throw new AssertionError(slot);
  }

  @Test
  void namespacesOnDifferentMastersAndScriptsAfterFlush() {
    // Namespaces whose hash tag falls on three different masters (CRC16 is fixed, so this holds).
    List<String> namespaces = List.of("ns-a", "ns-b", "ns-c", "ns-d", "ns-e", "ns-f");
    Set<Integer> masters = new HashSet<>();
    for (String ns : namespaces) {
      masters.add(master("llmux:{" + ns + "}:x"));
    }
    assertThat(masters).hasSizeGreaterThanOrEqualTo(2);

    Instant now = Instant.now();
    for (int round = 0; round < 2; round++) {
      for (String ns : namespaces) {
        try (RedisStores redis = RedisTestCluster.stores(ns, true)) {
          Limit rpm = Limit.window("user:u1", 3, Duration.ofMinutes(1));
          assertThat(redis.counterStore().acquire(List.of(rpm), List.of(1L), now).isGranted())
              .isTrue();
          BudgetKey k =
              new BudgetKey("user:u1", 1_000, now.minusSeconds(60), now.plusSeconds(3600));
          redis.spendStore().record(List.of(k), 10, now);
          assertThat(redis.spendStore().balance(k, now).spent()).isEqualTo(10L * (round + 1));
          redis
              .cacheStore()
              .put(
                  "k-" + ns,
                  new CacheEntry("v".getBytes(StandardCharsets.UTF_8), now),
                  Duration.ofMinutes(5));
          assertThat(redis.cacheStore().get("k-" + ns)).isNotNull();
          assertThat(redis.failures()).isZero();
        }
      }
      if (round == 0) {
        scriptFlushEverywhere(); // the second round must load the scripts again on every node
      }
    }

    List<Integer> perNode = RedisTestCluster.llmuxKeysPerNode();
    assertThat(perNode.stream().filter(n -> n > 0).count())
        .as("masters holding llmux keys: %s", perNode)
        .isGreaterThanOrEqualTo(2);
  }

  private static void scriptFlushEverywhere() {
    RedisClient client = RedisClient.create();
    try {
      for (int port : RedisTestCluster.ports()) {
        try (StatefulRedisConnection<String, String> c =
            client.connect(RedisURI.create("redis://127.0.0.1:" + port))) {
          c.sync().scriptFlush();
        }
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void theRedisSectionConfiguresACluster() throws Exception {
    StringBuilder nodes = new StringBuilder();
    for (String u : RedisTestCluster.nodeUrls()) {
      nodes.append(nodes.length() == 0 ? "" : ", ").append('"').append(u).append('"');
    }
    String yaml =
        "providers:\n  - {name: m, type: scripted-instant, models: [g]}\n"
            + "limits:\n  - {scope: user, id: u1, rpm: 2}\n"
            + "redis:\n  namespace: yaml-cluster-"
            + System.nanoTime()
            + "\n  timeout: 2s\n  cluster: ["
            + nodes
            + "]\n";
    dev.llmux.core.config.RouterConfig cfg =
        dev.llmux.core.config.ConfigLoader.parse(
            yaml, "x.yaml", Set.of(LlmuxRedis.SECTION), java.util.Map.of());
    com.fasterxml.jackson.databind.JsonNode section = cfg.extensions().get(LlmuxRedis.SECTION);
    try (RedisStores redis = LlmuxRedis.settings(section, java.util.Map.of()).build()) {
      // the limit is enforced by the cluster: two calls pass, the third is refused
      Instant now = Instant.now();
      List<Limit> rpm = List.of(Limit.window("llmux:test:u1:rpm", 2, Duration.ofMinutes(1)));
      assertThat(redis.counterStore().acquire(rpm, List.of(1L), now).isGranted()).isTrue();
      assertThat(redis.counterStore().acquire(rpm, List.of(1L), now).isGranted()).isTrue();
      assertThat(redis.counterStore().acquire(rpm, List.of(1L), now).isGranted()).isFalse();
    }
  }
}
