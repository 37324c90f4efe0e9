package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Redis stops in the middle: with fail-open governance no request fails because of it and none
 * waits long; every failed call is counted; once Redis is back the shared state is used again.
 * Always runs against a redis-server of its own (it has to stop it).
 */
class OutageTest {

  @Test
  void failOpenServesThroughAnOutageAndUsesRedisAgainAfterIt() throws Exception {
    RedisTestServer.Embedded server = RedisTestServer.Embedded.start(RedisTestServer.freePort());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StubProvider provider = new StubProvider("p");
    RequestContext u1 = RequestContext.builder().userId("u1").build();
    try (RedisStores redis =
            RedisStores.builder()
                .url(server.url())
                .namespace("outage")
                .timeout(Duration.ofMillis(250))
                .meterRegistry(registry)
                .cooldownRefresh(Duration.ZERO)
                .build();
        LlmRouter router =
            LlmRouter.builder()
                .retry(RetryConfig.custom().numRetries(0).build())
                .provider(provider)
                .deployment(
                    Deployment.builder("g", "p")
                        .id("d1")
                        .model("m")
                        .inputCostPerToken(0.0)
                        .outputCostPerToken(1e-6)
                        .build())
                .governance(
                    GovernanceConfig.builder()
                        .counterStore(redis.counterStore())
                        .spendStore(redis.spendStore())
                        .failOpen(true)
                        .limits(Scope.USER, "u1", RateLimits.NONE.withRpm(3))
                        .budget(Scope.USER, "u1", Budget.of("1"))
                        .build())
                .cache(redis.cacheStore())
                .cache(CacheConfig.custom().ttl(Duration.ofMinutes(1)).build())
                .stateStore(redis.routingStateStore())
                .cooldownStore(redis.cooldownStore())
                .build()) {
      int[] n = {0};
      Runnable call =
          () ->
              router.chat(
                  ChatCompletionRequest.of("g", ChatMessage.user("q" + n[0]++)).toBuilder()
                      .maxTokens(5)
                      .build(),
                  u1);

      awaitRedis(redis);
      double errorsBefore = errors(registry);
      // Redis up: the limit (kept in Redis) holds.
      for (int i = 0; i < 3; i++) {
        call.run();
      }
      assertThatThrownBy(call::run).isInstanceOf(RateLimitException.class);
      assertThat(errors(registry)).isEqualTo(errorsBefore);

      server.stop();
      // Redis down: every call is served (fail-open), none waits much longer than a few timeouts.
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        call.run();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      }
      assertThat(errors(registry)).isGreaterThan(errorsBefore);
      assertThat(redis.failures()).isPositive();

      server.start();
      awaitRedis(redis); // Lettuce reconnects on its own
      double errorsAfterOutage = errors(registry);
      // Redis back (empty, no persistence): the limit is enforced from Redis again.
      for (int i = 0; i < 3; i++) {
        call.run();
      }
      assertThatThrownBy(call::run).isInstanceOf(RateLimitException.class);
      assertThat(errors(registry)).isEqualTo(errorsAfterOutage);
    } finally {
      server.stop();
    }
  }

  @Test
  void aCallWaitsNoLongerThanTheTimeoutWhenRedisHangs() throws Exception {
    RedisTestServer.Embedded server = RedisTestServer.Embedded.start(RedisTestServer.freePort());
    io.lettuce.core.RedisClient other = io.lettuce.core.RedisClient.create(server.url());
    try (RedisStores redis =
            RedisStores.builder()
                .url(server.url())
                .namespace("hang")
                .timeout(Duration.ofMillis(50))
                .build();
        var blocker = other.connect()) {
      redis.counterStore().used("k", Duration.ofMinutes(1), Instant.now()); // connected and warm
      // A script busy for 0.7 s: Redis answers nobody meanwhile.
      blocker
          .async()
          .eval(
              "local s = redis.call('TIME') local t0 = s[1] * 1000000 + s[2] "
                  + "while true do local t = redis.call('TIME') if t[1] * 1000000 + t[2] - t0 > 700000 then break end end "
                  + "return 1",
              io.lettuce.core.ScriptOutputType.INTEGER);
      Thread.sleep(50);
      long start = System.nanoTime();
      assertThatThrownBy(() -> redis.counterStore().used("k", Duration.ofMinutes(1), Instant.now()))
          .isInstanceOf(RedisStoreException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
      assertThat(redis.failures()).isEqualTo(1);
    } finally {
      other.shutdown();
      server.stop();
    }
  }

  /** Waits (at most 10 s) until a store call goes through. */
  private static void awaitRedis(RedisStores redis) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        redis.counterStore().used("probe", Duration.ofMinutes(1), Instant.now());
        return;
      } catch (RedisStoreException e) {
        assertThat(System.nanoTime() - deadline).as("Redis not reachable within 10 s").isNegative();
        Thread.sleep(50);
      }
    }
  }

  private static double errors(SimpleMeterRegistry registry) {
    var c = registry.find("llmux.redis.errors").counter();
    return c == null ? 0 : c.count();
  }
}
