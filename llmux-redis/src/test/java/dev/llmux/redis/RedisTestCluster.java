package dev.llmux.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A 3-master Redis Cluster of this test JVM, once per JVM: three redis-server processes (the binary
 * the embedded-redis test artifact ships) on free 127.0.0.1 ports with {@code cluster-enabled yes},
 * slots 0-5460 / 5461-10922 / 10923-16383 assigned with CLUSTER ADDSLOTS (the binary is 6.2: no
 * ADDSLOTSRANGE), joined with CLUSTER MEET, and used once every node reports {@code
 * cluster_state:ok}.
 */
final class RedisTestCluster {
  static final int[][] RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};
  private static List<Integer> ports;
  private static final List<Process> processes = new ArrayList<>();

  private RedisTestCluster() {}

  /** Seed node URLs, one per master. */
  static synchronized List<String> nodeUrls() {
    if (ports == null) {
      try {
        ports = start();
      } catch (Exception e) {
        processes.forEach(Process::destroyForcibly);
        throw new IllegalStateException("could not start the 3-node test cluster: " + e, e);
      }
    }
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
  }

  static List<Integer> ports() {
    nodeUrls();
    return ports;
  }

  private static List<Integer> start() throws Exception {
    Path dir = Files.createTempDirectory("llmux-redis-cluster");
    Path bin = RedisTestBinary.extract(dir);
    List<Integer> ps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int port = RedisTestServer.freePort();
      Process p =
          RedisTestBinary.start(
              bin,
              dir.resolve("redis-" + port + ".log"),
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              "nodes-" + port + ".conf",
              "--cluster-node-timeout",
              "5000",
              "--save",
              "",
              "--appendonly",
              "no",
              "--dir",
              dir.toString());
      processes.add(p);
      ps.add(port);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroy)));
    RedisClient client = RedisClient.create();
    try {
      List<StatefulRedisConnection<String, String>> conns = new ArrayList<>();
      for (int port : ps) {
        conns.add(connectWithRetry(client, port));
      }
      for (int i = 0; i < 3; i++) {
        int[] slots = IntStream.rangeClosed(RANGES[i][0], RANGES[i][1]).toArray();
        conns.get(i).sync().clusterAddSlots(slots);
      }
      for (int i = 1; i < 3; i++) {
        conns.get(0).sync().clusterMeet("127.0.0.1", ps.get(i));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        boolean ok = true;
        for (StatefulRedisConnection<String, String> c : conns) {
          ok &= c.sync().clusterInfo().contains("cluster_state:ok");
          ok &= c.sync().clusterNodes().lines().filter(l -> l.contains("master")).count() == 3;
        }
        if (ok) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cluster not ok within 30 s: " + conns.get(0).sync().clusterInfo());
        }
        Thread.sleep(50);
      }
      conns.forEach(StatefulRedisConnection::close);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    return ps;
  }

  private static StatefulRedisConnection<String, String> connectWithRetry(
      RedisClient client, int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        return client.connect(RedisURI.create("redis://127.0.0.1:" + port));
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Keys starting {@code llmux:} on each master (KEYS on a test server is fine). */
  static List<Integer> llmuxKeysPerNode() {
    RedisClient client = RedisClient.create();
    try {
      List<Integer> counts = new ArrayList<>();
      for (int port : ports()) {
        try (StatefulRedisConnection<String, String> c =
            client.connect(RedisURI.create("redis://127.0.0.1:" + port))) {
          RedisCommands<String, String> s = c.sync();
          counts.add(s.keys("llmux:*").size());
        }
      }
      return counts;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  static RedisStores stores(String namespace, boolean serverTime) {
    return RedisStores.builder()
        .cluster(nodeUrls())
        .namespace(namespace)
        .timeout(Duration.ofSeconds(2))
        .serverTime(serverTime)
        .build();
  }
}
