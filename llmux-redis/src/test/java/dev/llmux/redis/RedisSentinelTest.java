package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.store.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sentinel: one master and one sentinel (the embedded binary, {@code redis-server sentinel.conf
 * --sentinel}) on free 127.0.0.1 ports; {@link RedisStores} built from {@code
 * redis-sentinel://127.0.0.1:<sentinelPort>/#llmux} finds the master through the sentinel. Failover
 * is not tested.
 */
class RedisSentinelTest {

  @Test
  void storesReachTheMasterThroughTheSentinel() throws Exception {
    // Not "redis-sentinel" in the path: redis-server runs as a sentinel when argv[0] contains it.
    Path dir = Files.createTempDirectory("llmux-sentinel-test");
    Path bin = RedisTestBinary.extract(dir);
    int masterPort = RedisTestServer.freePort();
    int sentinelPort = RedisTestServer.freePort();
    Process master = null;
    Process sentinel = null;
    try {
      master =
          RedisTestBinary.start(
              bin,
              dir.resolve("master.log"),
              "--port",
              Integer.toString(masterPort),
              "--bind",
              "127.0.0.1",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              dir.toString());
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "port " + sentinelPort,
              "bind 127.0.0.1",
              "dir " + dir,
              "sentinel monitor llmux 127.0.0.1 " + masterPort + " 1",
              "sentinel down-after-milliseconds llmux 5000",
              ""));
      sentinel =
          RedisTestBinary.start(bin, dir.resolve("sentinel.log"), conf.toString(), "--sentinel");
      awaitMaster(sentinelPort, masterPort);

      String url = "redis-sentinel://127.0.0.1:" + sentinelPort + "/#llmux";
      RedisURI parsed = RedisURI.create(url);
      assertThat(parsed.getSentinelMasterId()).isEqualTo("llmux");
      assertThat(parsed.getSentinels()).hasSize(1);
      assertThat(parsed.getSentinels().get(0).getPort()).isEqualTo(sentinelPort);

      try (RedisStores redis =
          RedisStores.builder()
              .url(url)
              .namespace("sentinel")
              .timeout(Duration.ofSeconds(2))
              .connectTimeout(Duration.ofSeconds(5))
              .build()) {
        Instant now = Instant.now();
        List<Limit> limits = List.of(Limit.window("user:u1", 2, Duration.ofMinutes(1)));
        int granted = 0;
        for (int i = 0; i < 3; i++) {
          if (redis.counterStore().acquire(limits, List.of(1L), now).isGranted()) {
            granted++;
          }
        }
        assertThat(granted).isEqualTo(2);
        byte[] v = "v".getBytes(StandardCharsets.UTF_8);
        redis.cacheStore().put("k", new CacheEntry(v, now), Duration.ofMinutes(1));
        assertThat(redis.cacheStore().get("k").value()).isEqualTo(v);
        assertThat(redis.failures()).isZero();
      }
    } finally {
      RedisTestBinary.stop(sentinel);
      RedisTestBinary.stop(master);
    }
  }

  /** Polls the sentinel (at most 30 s) until it names the master at {@code masterPort}. */
  private static void awaitMaster(int sentinelPort, int masterPort) throws InterruptedException {
    RedisClient client = RedisClient.create();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Object last = null;
      while (true) {
        try (StatefulRedisSentinelConnection<String, String> c =
            client.connectSentinel(RedisURI.create("redis://127.0.0.1:" + sentinelPort))) {
          SocketAddress addr = c.sync().getMasterAddrByName("llmux");
          last = addr;
          if (addr instanceof InetSocketAddress a && a.getPort() == masterPort) {
            return;
          }
        } catch (RuntimeException e) {
          last = e;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("sentinel did not name the master within 30 s: " + last);
        }
        Thread.sleep(100);
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
