package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.store.Limit;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ACL user (Redis 6+) on a redis-server of its own (the embedded binary; not
 * LLMUX_TEST_REDIS_URL, whose users this test must not change): {@code ACL SETUSER llmux on >secret
 * ~llmux:* +@all}, connected to with {@code redis://llmux:secret@...}.
 */
class RedisAclUserTest {
  private static RedisTestServer.Embedded server;
  private static int port;

  @BeforeAll
  static void start() {
    port = RedisTestServer.freePort();
    server = RedisTestServer.Embedded.start(port);
    RedisClient client = RedisClient.create();
    try (StatefulRedisConnection<String, String> c =
        client.connect(RedisURI.create("redis://127.0.0.1:" + port))) {
      assertThat(
              c.sync()
                  .aclSetuser(
                      "llmux",
                      io.lettuce.core.AclSetuserArgs.Builder.on()
                          .addPassword("secret")
                          .keyPattern("llmux:*")
                          .allCommands()))
          .isEqualTo("OK");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void aclUserRunsStoreOperations() {
    try (RedisStores redis =
        RedisStores.builder()
            .url("redis://llmux:secret@127.0.0.1:" + port)
            .namespace("acl")
            .timeout(Duration.ofSeconds(2))
            .build()) {
      Instant now = Instant.now();
      assertThat(
              redis
                  .counterStore()
                  .acquire(
                      List.of(Limit.window("user:u1", 5, Duration.ofMinutes(1))), List.of(1L), now)
                  .isGranted())
          .isTrue();
      redis
          .cacheStore()
          .put(
              "k",
              new CacheEntry("v".getBytes(StandardCharsets.UTF_8), now),
              Duration.ofMinutes(1));
      assertThat(redis.cacheStore().get("k").value())
          .isEqualTo("v".getBytes(StandardCharsets.UTF_8));
      assertThat(redis.failures()).isZero();
    }
  }

  @Test
  void wrongPasswordFailsWithinTheConnectTimeoutWithAClearError() {
    long start = System.nanoTime();
    try (RedisStores redis =
        RedisStores.builder()
            .url("redis://llmux:wrong@127.0.0.1:" + port)
            .namespace("acl")
            .timeout(Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(2))
            .build()) {
      assertThatThrownBy(() -> redis.cacheStore().get("k"))
          .isInstanceOf(RedisStoreException.class)
          .hasMessageContaining("WRONGPASS");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(redis.failures()).isGreaterThanOrEqualTo(2); // the connect, then the call
    }
  }
}
