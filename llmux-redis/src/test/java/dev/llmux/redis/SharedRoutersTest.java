package dev.llmux.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.BudgetExceededException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two router instances, each with its own Redis connection, sharing one Redis namespace. */
class SharedRoutersTest {
  /** $1 per million output tokens, input free: each call (5 completion tokens) costs $0.000005. */
  private static final double OUT_PRICE = 1e-6;

  private final String namespace = "shared-" + System.nanoTime();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final RequestContext u1 = RequestContext.builder().userId("u1").build();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** One "application instance": its own connection to the shared Redis, its own router. */
  private LlmRouter instance(StubProvider provider, Consumer<GovernanceConfig.Builder> governance) {
    RedisStores redis =
        RedisStores.builder()
            .url(RedisTestServer.url())
            .namespace(namespace)
            .timeout(Duration.ofSeconds(2))
            .cooldownRefresh(Duration.ofMillis(100))
            .build();
    open.add(redis);
    GovernanceConfig.Builder g =
        GovernanceConfig.builder()
            .counterStore(redis.counterStore())
            .spendStore(redis.spendStore());
    governance.accept(g);
    LlmRouter router =
        LlmRouter.builder()
            .retry(RetryConfig.custom().numRetries(0).build())
            .provider(provider)
            .deployment(
                Deployment.builder("g", provider.config().name())
                    .id("d1")
                    .model("m")
                    .inputCostPerToken(0.0)
                    .outputCostPerToken(OUT_PRICE)
                    .build())
            .governance(g.build())
            .cache(redis.cacheStore())
            .cache(CacheConfig.custom().ttl(Duration.ofMinutes(5)).build())
            .stateStore(redis.routingStateStore())
            .cooldownStore(redis.cooldownStore())
            .build();
    open.add(router);
    return router;
  }

  private static ChatCompletionRequest req(String text) {
    return ChatCompletionRequest.of("g", ChatMessage.user(text)).toBuilder().maxTokens(5).build();
  }

  @Test
  void aSixtyRpmLimitAdmitsExactlySixtyAcrossBothInstances() throws Exception {
    StubProvider pa = new StubProvider("p");
    StubProvider pb = new StubProvider("p");
    Consumer<GovernanceConfig.Builder> rpm60 =
        g -> g.limits(Scope.USER, "u1", RateLimits.NONE.withRpm(60));
    LlmRouter a = instance(pa, rpm60);
    LlmRouter b = instance(pb, rpm60);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger limited = new AtomicInteger();
    List<Throwable> other = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger seq = new AtomicInteger();
    runConcurrently(
        8,
        20,
        () -> {
          int i = seq.incrementAndGet();
          try {
            (i % 2 == 0 ? a : b).chat(req("q" + i), u1); // distinct prompts: no cache hits
            admitted.incrementAndGet();
          } catch (RateLimitException e) {
            limited.incrementAndGet();
          } catch (Throwable t) {
            other.add(t);
          }
        });
    assertThat(other).isEmpty();
    assertThat(admitted.get()).isEqualTo(60);
    assertThat(limited.get()).isEqualTo(160 - 60);
    assertThat(pa.calls.get() + pb.calls.get()).isEqualTo(60);
    assertThat(pa.calls.get()).isPositive();
    assertThat(pb.calls.get()).isPositive();
  }

  @Test
  void manyThreadsOnBothInstancesNeverOverspendOneBudget() throws Exception {
    StubProvider pa = new StubProvider("p");
    StubProvider pb = new StubProvider("p");
    // $0.0005 at $0.000005 a call: exactly 100 calls fit, whatever the interleaving.
    Consumer<GovernanceConfig.Builder> budget =
        g -> g.budget(Scope.USER, "u1", Budget.of("0.0005"));
    LlmRouter a = instance(pa, budget);
    LlmRouter b = instance(pb, budget);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<Throwable> other = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger seq = new AtomicInteger();
    runConcurrently(
        16,
        20,
        () -> {
          int i = seq.incrementAndGet();
          try {
            (i % 2 == 0 ? a : b).chat(req("q" + i), u1);
            accepted.incrementAndGet();
          } catch (BudgetExceededException e) {
            refused.incrementAndGet();
          } catch (Throwable t) {
            other.add(t);
          }
        });
    assertThat(other).isEmpty();
    assertThat(accepted.get()).isEqualTo(100);
    assertThat(refused.get()).isEqualTo(320 - 100);
    assertThat(pa.calls.get() + pb.calls.get()).isEqualTo(100);
  }

  @Test
  void aResponseCachedByOneInstanceIsAHitOnTheOther() {
    StubProvider pa = new StubProvider("p");
    StubProvider pb = new StubProvider("p");
    LlmRouter a = instance(pa, g -> {});
    LlmRouter b = instance(pb, g -> {});
    var first = a.chat(req("cache me"));
    var second = b.chat(req("cache me"));
    assertThat(pa.calls.get()).isEqualTo(1);
    assertThat(pb.calls.get()).isZero();
    assertThat(first.cacheHit()).isFalse();
    assertThat(second.cacheHit()).isTrue();
    assertThat(second.response().choices().get(0).message().content())
        .isEqualTo(first.response().choices().get(0).message().content());
  }

  @Test
  void latencyRecordedByOneInstanceIsRoutedOnByTheOther() {
    LlmRouter a = instance(new StubProvider("p"), g -> {});
    LlmRouter b = instance(new StubProvider("p"), g -> {});
    assertThat(b.control().deploymentState("d1").orElseThrow().latencyPerOutputToken()).isNull();
    a.chat(req("latency"));
    assertThat(b.control().deploymentState("d1").orElseThrow().latencyPerOutputToken()).isNotNull();
  }

  @Test
  void latencyStatsReadFromRedisGiveTheMedianThatLowestLatencyCompares() {
    RedisStores writer = stores();
    RedisStores reader = stores();
    var kind = dev.llmux.core.spi.RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN;
    long now = System.currentTimeMillis();
    for (double s : new double[] {0.33, 0.001, 0.002, 0.003}) {
      writer.routingStateStore().recordLatency("d9", kind, s, 10, now);
    }
    var st = reader.routingStateStore().latency("d9", kind, now, 60_000);
    assertThat(st.samples()).isEqualTo(4);
    assertThat(st.median()).isCloseTo(0.0025, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(st.mean()).isCloseTo(0.084, org.assertj.core.api.Assertions.within(1e-12));
  }

  private RedisStores stores() {
    RedisStores redis =
        RedisStores.builder()
            .url(RedisTestServer.url())
            .namespace(namespace)
            .timeout(Duration.ofSeconds(2))
            .build();
    open.add(redis);
    return redis;
  }

  @Test
  void aCooldownStartedByOneInstanceHoldsOnTheOtherUntilRestored() throws Exception {
    LlmRouter a = instance(new StubProvider("p"), g -> {});
    LlmRouter b = instance(new StubProvider("p"), g -> {});
    assertThat(b.control().deploymentState("d1").orElseThrow().healthy()).isTrue();
    a.control().coolDown("d1", Duration.ofMinutes(1), "shared test");
    assertThat(a.control().deploymentState("d1").orElseThrow().healthy()).isFalse();
    awaitTrue(() -> !b.control().deploymentState("d1").orElseThrow().healthy());
    assertThat(b.control().deploymentState("d1").orElseThrow().cooldownReason())
        .isEqualTo("shared test");
    b.control().restore("d1");
    assertThat(b.control().deploymentState("d1").orElseThrow().healthy()).isTrue();
    awaitTrue(() -> a.control().deploymentState("d1").orElseThrow().healthy());
  }

  /** A router with three deployments of group "g" (a, b, c) and the round-robin strategy. */
  private LlmRouter roundRobinInstance() {
    RedisStores redis =
        RedisStores.builder()
            .url(RedisTestServer.url())
            .namespace(namespace)
            .timeout(Duration.ofSeconds(2))
            .build();
    open.add(redis);
    StubProvider provider = new StubProvider("p");
    LlmRouter.Builder builder =
        LlmRouter.builder()
            .retry(RetryConfig.custom().numRetries(0).build())
            .provider(provider)
            .strategy("round-robin")
            .stateStore(redis.routingStateStore())
            .cooldownStore(redis.cooldownStore());
    for (String id : List.of("a", "b", "c")) {
      builder.deployment(Deployment.builder("g", "p").id(id).model("m").build());
    }
    LlmRouter router = builder.build();
    open.add(router);
    return router;
  }

  @Test
  void roundRobinContinuesOneSequenceAcrossBothInstances() {
    LlmRouter a = roundRobinInstance();
    LlmRouter b = roundRobinInstance();
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      served.add((i % 2 == 0 ? a : b).chat(req("rr" + i)).deploymentId());
    }
    assertThat(served).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c");
  }

  /** Polls for at most 5 s (the cooldown snapshot refreshes every 100 ms here). */
  static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition not met within 5 s").isNegative();
      Thread.sleep(20);
    }
  }

  static void runConcurrently(int threads, int perThread, Runnable body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    body.run();
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
