package dev.llmux.core.internal.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.FakeTime;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.ScriptedProvider;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.BudgetAlert;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import dev.llmux.core.internal.routing.LiveCatalog;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.store.Balance;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.SpendStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GovernanceTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** $1 per million output tokens; input free: a 5-token answer costs exactly $0.000005. */
  private static final double OUT_PRICE = 1e-6;

  private final FakeTime time = new FakeTime();
  private final CounterStore counters = CounterStore.inMemory();
  private final SpendStore spend = SpendStore.inMemory();
  private final ScriptedProvider provider = new ScriptedProvider("p");
  private final RequestContext u1 = RequestContext.builder().userId("u1").build();

  private GovernanceConfig.Builder gov() {
    return GovernanceConfig.builder().counterStore(counters).spendStore(spend);
  }

  private LlmRouter router(GovernanceConfig g) {
    return router(g, false);
  }

  private LlmRouter router(GovernanceConfig g, boolean cache) {
    LlmRouter.Builder b =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .random(new SplittableRandom(1))
            .retry(RetryConfig.custom().numRetries(0).build())
            .provider(provider)
            .deployment(
                Deployment.builder("g", "p")
                    .model("m")
                    .inputCostPerToken(0.0)
                    .outputCostPerToken(OUT_PRICE)
                    .build())
            .deployment(Deployment.builder("free", "p").model("f").build())
            .deployment(Deployment.builder("emb", "p").model("e").inputCostPerToken(1e-6).build())
            .governance(g);
    if (cache) {
      b.cache(CacheStore.inMemory(100, 1 << 20, time));
    }
    return b.build();
  }

  /** max_tokens 5: the reserved maximum equals the scripted provider's 5 completion tokens. */
  private static ChatCompletionRequest req(String model) {
    return ChatCompletionRequest.of(model, ChatMessage.user("hello")).toBuilder()
        .maxTokens(5)
        .build();
  }

  private static String key(Scope s, String id, String model) {
    return Governance.key(new GovernanceRule(s, id, model, null, RateLimits.NONE.withRpm(1)));
  }

  private long used(String suffix) {
    return counters.used(
        key(Scope.USER, "u1", null) + suffix,
        suffix.equals(":parallel") ? null : MINUTE,
        time.instant());
  }

  private Balance balance(String max) {
    return spend.balance(
        new BudgetKey(key(Scope.USER, "u1", null) + ":budget", 0, Instant.EPOCH, null),
        time.instant());
  }

  // ------------------------------------------------------------------ budgets

  @Test
  void concurrentCallersCannotOverspendABudget() throws Exception {
    // $0.001 at $0.000005 per call: exactly 200 calls fit, whatever the interleaving.
    try (LlmRouter router = router(gov().budget(Scope.USER, "u1", Budget.of("0.001")).build())) {
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Throwable> other = Collections.synchronizedList(new ArrayList<>());
      runConcurrently(
          32,
          50,
          () -> {
            try {
              router.chat(req("g"), u1);
              accepted.incrementAndGet();
            } catch (BudgetExceededException e) {
              refused.incrementAndGet();
            } catch (Throwable t) {
              other.add(t);
            }
          });
      assertThat(other).isEmpty();
      assertThat(accepted.get()).isEqualTo(200);
      assertThat(refused.get()).isEqualTo(32 * 50 - 200);
      assertThat(provider.calls).hasSize(200);
      Balance b = balance("0.001");
      assertThat(b.reserved()).isZero();
      assertThat(b.spent()).isEqualTo(1_000_000L).isLessThanOrEqualTo(1_000_000L);
    }
  }

  @Test
  void budgetRefusalNamesScopeLimitSpendAndReset() {
    time.advanceTo(Instant.parse("2026-01-15T10:00:00Z"));
    try (LlmRouter router =
        router(
            gov()
                .timeZone(ZoneId.of("Europe/Paris"))
                .budget(Scope.USER, "u1", "g", Budget.of("0.00001", "1d"))
                .build())) {
      router.chat(req("g"), u1);
      router.chat(req("g"), u1);
      BudgetExceededException e =
          catchThrowableOfType(BudgetExceededException.class, () -> router.chat(req("g"), u1));
      assertThat(e.scope()).isEqualTo("user u1 on model g");
      assertThat(e.limit()).isEqualByComparingTo("0.00001");
      assertThat(e.spend()).isEqualByComparingTo("0.00001");
      assertThat(e.resetsAt())
          .isEqualTo(Instant.parse("2026-01-15T23:00:00Z")); // midnight in Paris
      assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(13));
      assertThat(e.getStackTrace()).isEmpty();
      assertThat(e.httpStatus()).isEqualTo(429);
      // other model groups are not limited by the model budget
      router.chat(req("free"), u1);
      // at midnight in Paris the budget resets
      time.advanceTo(e.resetsAt().minusNanos(1));
      assertThatThrownBy(() -> router.chat(req("g"), u1))
          .isInstanceOf(BudgetExceededException.class);
      time.advanceTo(e.resetsAt());
      router.chat(req("g"), u1);
    }
  }

  @Test
  void monthlyBudgetResetsOnTheFirst() {
    time.advanceTo(Instant.parse("2026-01-31T23:59:00Z"));
    try (LlmRouter router =
        router(gov().budget(Scope.TEAM, "t", Budget.of("0.000005", "1mo")).build())) {
      RequestContext team = RequestContext.builder().teamId("t").build();
      router.chat(req("g"), team);
      BudgetExceededException e =
          catchThrowableOfType(BudgetExceededException.class, () -> router.chat(req("g"), team));
      assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
      assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
      time.advance(Duration.ofMinutes(1));
      router.chat(req("g"), team);
    }
  }

  @Test
  void budgetWithoutDurationNeverResets() {
    try (LlmRouter router = router(gov().budget(Scope.KEY, "k", Budget.of("0.000005")).build())) {
      RequestContext key = RequestContext.builder().keyId("k").build();
      router.chat(req("g"), key);
      time.advance(Duration.ofDays(400));
      BudgetExceededException e =
          catchThrowableOfType(BudgetExceededException.class, () -> router.chat(req("g"), key));
      assertThat(e.resetsAt()).isNull();
      assertThat(e.retryAfter()).isNull();
    }
  }

  @Test
  void settlementReplacesTheReservationWithTheActualCost() {
    try (LlmRouter router = router(gov().budget(Scope.USER, "u1", Budget.of("1")).build())) {
      // max_tokens 1000 reserves $0.001, the call costs $0.000005
      ChatCompletionRequest big = req("g").toBuilder().maxTokens(1000).build();
      Ticket t = governance(router).admit(u1, catalog(router).resolve("g"), 9, 1000, 1);
      assertThat(balance("1")).isEqualTo(new Balance(0, 1_000_000L));
      t.fail();
      RouteResult<?> r = router.chat(big, u1);
      assertThat(r.cost()).isCloseTo(5e-6, org.assertj.core.api.Assertions.within(1e-15));
      assertThat(balance("1")).isEqualTo(new Balance(5_000L, 0));
    }
  }

  @Test
  void reservationUsesTheMostExpensiveDeploymentAndTheDefaultOutputCap() {
    try (LlmRouter router =
        LlmRouter.builder()
            .clock(time)
            .ticker(time)
            .sleeper(time)
            .provider(provider)
            .deployment(
                Deployment.builder("g", "p").model("cheap").outputCostPerToken(1e-6).build())
            .deployment(
                Deployment.builder("g", "p")
                    .model("dear")
                    .id("dear")
                    .outputCostPerToken(4e-6)
                    .maxOutputTokens(100)
                    .build())
            .governance(gov().build())
            .build()) {
      Governance g = governance(router);
      ModelCatalog.Group group = catalog(router).resolve("g");
      // cheap: 4096 default output tokens x $1e-6; dear: 100 x $4e-6
      assertThat(g.estimate(group, 10, null, 1))
          .isEqualTo(new Governance.Estimate(10 + 4096, 4_096_000L));
      assertThat(g.estimate(group, 10, 50, 2)).isEqualTo(new Governance.Estimate(110, 400_000L));
    }
  }

  @Test
  void unknownPricesReserveNothingButAnExhaustedBudgetStillRefuses() {
    try (LlmRouter router = router(gov().budget(Scope.USER, "u1", Budget.of("0.00001")).build())) {
      for (int i = 0; i < 5; i++) {
        router.chat(req("free"), u1); // cost unknown: counts 0
      }
      router.chat(req("g"), u1);
      router.chat(req("g"), u1);
      assertThatThrownBy(() -> router.chat(req("free"), u1))
          .isInstanceOf(BudgetExceededException.class);
    }
  }

  @Test
  void aFailedCallReleasesEverythingButItsRequestCount() {
    provider.script("m", () -> new BadRequestException("bad"));
    try (LlmRouter router =
        router(
            gov()
                .budget(Scope.USER, "u1", Budget.of("1"))
                .limits(
                    Scope.USER,
                    "u1",
                    RateLimits.NONE.withRpm(10).withTpm(10_000).withMaxParallel(1))
                .build())) {
      assertThatThrownBy(() -> router.chat(req("g"), u1)).isInstanceOf(BadRequestException.class);
      assertThat(balance("1")).isEqualTo(Balance.ZERO);
      assertThat(used(":rpm")).isEqualTo(1);
      assertThat(used(":tpm")).isZero();
      assertThat(used(":parallel")).isZero();
    }
  }

  @Test
  void aBudgetRefusalLeavesNoRateLimitCountsAndMakesNoCall() {
    try (LlmRouter router =
        router(
            gov()
                .budget(Scope.USER, "u1", Budget.of("0"))
                .limits(
                    Scope.USER,
                    "u1",
                    RateLimits.NONE.withRpm(10).withTpm(10_000).withMaxParallel(1))
                .build())) {
      assertThatThrownBy(() -> router.chat(req("g"), u1))
          .isInstanceOf(BudgetExceededException.class);
      assertThat(provider.calls).isEmpty();
      assertThat(used(":rpm")).isZero();
      assertThat(used(":tpm")).isZero();
      assertThat(used(":parallel")).isZero();
    }
  }

  @Test
  void softBudgetListenerIsToldOncePerPeriod() {
    List<BudgetAlert> alerts = Collections.synchronizedList(new ArrayList<>());
    try (LlmRouter router =
        router(
            gov()
                .budgetListener(alerts::add)
                .budget(Scope.USER, "u1", Budget.of("1", "1d").withSoftBudget("0.00002"))
                .build())) {
      for (int i = 0; i < 10; i++) {
        router.chat(req("g"), u1);
      }
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule().describe()).isEqualTo("user u1");
                assertThat(a.spend()).isEqualByComparingTo("0.00002");
                assertThat(a.resetsAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
              });
      time.advance(Duration.ofDays(1));
      for (int i = 0; i < 10; i++) {
        router.chat(req("g"), u1);
      }
      assertThat(alerts).hasSize(2);
      assertThat(alerts.get(1).periodStart()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }
  }

  @Test
  void aCacheHitCostsNothingButCountsAsARequest() {
    try (LlmRouter router =
        router(
            gov()
                .budget(Scope.USER, "u1", Budget.of("1"))
                .limits(Scope.USER, "u1", RateLimits.NONE.withRpm(10).withTpm(10_000))
                .build(),
            true)) {
      router.chat(req("g"), u1);
      RouteResult<?> hit = router.chat(req("g"), u1);
      assertThat(hit.cacheHit()).isTrue();
      assertThat(provider.calls).hasSize(1);
      assertThat(balance("1")).isEqualTo(new Balance(5_000L, 0));
      assertThat(used(":rpm")).isEqualTo(2);
      assertThat(used(":tpm")).isEqualTo(15);
    }
  }

  @Test
  void embeddingsAreAdmittedAndSettledToo() {
    try (LlmRouter router =
        router(
            gov()
                .budget(Scope.USER, "u1", Budget.of("1"))
                .limits(Scope.USER, "u1", RateLimits.NONE.withTpm(100))
                .build())) {
      router.embed(new EmbeddingRequest("emb", "hello world", null, null, null, null), u1);
      assertThat(used(":tpm")).isEqualTo(3);
      assertThat(balance("1")).isEqualTo(new Balance(3_000L, 0));
    }
  }

  // ------------------------------------------------------------------ rate limits

  @Test
  void concurrentCallersGetExactlyTheRpmAndTheNextRetryAfterIsExact() throws Exception {
    try (LlmRouter router =
        router(gov().limits(Scope.USER, "u1", RateLimits.NONE.withRpm(60)).build())) {
      AtomicInteger accepted = new AtomicInteger();
      List<RateLimitException> refused = Collections.synchronizedList(new ArrayList<>());
      runConcurrently(
          16,
          20,
          () -> {
            try {
              router.chat(req("g"), u1);
              accepted.incrementAndGet();
            } catch (RateLimitException e) {
              refused.add(e);
            }
          });
      assertThat(accepted.get()).isEqualTo(60);
      assertThat(refused)
          .hasSize(16 * 20 - 60)
          .allSatisfy(
              e -> {
                assertThat(e.retryAfter()).isEqualTo(MINUTE);
                assertThat(e.getStackTrace()).isEmpty();
              });
      time.advance(Duration.ofMillis(15_250));
      RateLimitException e =
          catchThrowableOfType(RateLimitException.class, () -> router.chat(req("g"), u1));
      assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(44_750));
      assertThat(e.getMessage()).contains("user u1", "60 of 60 requests per minute");
      time.advance(e.retryAfter().minusNanos(1));
      assertThatThrownBy(() -> router.chat(req("g"), u1)).isInstanceOf(RateLimitException.class);
      time.advance(Duration.ofNanos(1));
      runConcurrently(
          8,
          20,
          () -> {
            try {
              router.chat(req("g"), u1);
              accepted.incrementAndGet();
            } catch (RateLimitException ignored) {
              // expected beyond the limit
            }
          });
      assertThat(accepted.get()).isEqualTo(120);
    }
  }

  @Test
  void tokensAreReservedFromTheEstimateAndCorrectedWithUsage() {
    try (LlmRouter router =
        router(gov().limits(Scope.USER, "u1", RateLimits.NONE.withTpm(1_000)).build())) {
      ChatCompletionRequest big = req("g").toBuilder().maxTokens(900).build();
      Ticket t = governance(router).admit(u1, catalog(router).resolve("g"), 9, 900, 1);
      assertThat(used(":tpm")).isEqualTo(909);
      RateLimitException e =
          catchThrowableOfType(RateLimitException.class, () -> router.chat(big, u1));
      assertThat(e.getMessage()).contains("tokens per minute");
      t.settle(15, 0.0);
      assertThat(used(":tpm")).isEqualTo(15);
      router.chat(big, u1);
      assertThat(used(":tpm")).isEqualTo(30); // usage 10 + 5
      RateLimitException never =
          catchThrowableOfType(
              RateLimitException.class,
              () -> router.chat(req("g").toBuilder().maxTokens(5_000).build(), u1));
      assertThat(never.retryAfter()).isNull();
      assertThat(never.getMessage()).contains("needs 5009 tokens per minute but the limit is 1000");
    }
  }

  @Test
  void modelLimitsApplyOnlyToTheirGroupAndScopesCombine() {
    try (LlmRouter router =
        router(
            gov()
                .limits(Scope.USER, "u1", "g", RateLimits.NONE.withRpm(1))
                .defaultLimits(Scope.END_USER, RateLimits.NONE.withRpm(2))
                .build())) {
      RequestContext ctx = u1.toBuilder().endUserId("e").build();
      router.chat(req("g"), ctx);
      RateLimitException e =
          catchThrowableOfType(RateLimitException.class, () -> router.chat(req("g"), ctx));
      assertThat(e.getMessage()).contains("user u1 on model g");
      router.chat(req("free"), ctx);
      e = catchThrowableOfType(RateLimitException.class, () -> router.chat(req("free"), ctx));
      assertThat(e.getMessage()).contains("end_user e");
      router.chat(req("free"), RequestContext.builder().endUserId("other").build());
    }
  }

  @Test
  void parallelLimitIsHeldUntilAStreamEndsWhetherClosedFailedOrCompleted() {
    provider.streamScript(
        "m",
        new ScriptedProvider.StreamScript(
            List.of("a", "b"), true, new UpstreamServerException("boom", 500, null)));
    try (LlmRouter router =
        router(
            gov()
                .budget(Scope.USER, "u1", Budget.of("1"))
                .limits(Scope.USER, "u1", RateLimits.NONE.withMaxParallel(1).withTpm(100_000))
                .build())) {
      // 1: fails mid-stream
      ChatStream failing = router.stream(req("g"), u1);
      assertThat(used(":parallel")).isEqualTo(1);
      assertThat(balance("1").reserved()).isEqualTo(5_000L);
      assertThatThrownBy(() -> router.stream(req("g"), u1))
          .isInstanceOf(RateLimitException.class)
          .hasMessageContaining("parallel requests");
      assertThatThrownBy(
              () -> {
                while (failing.hasNext()) {
                  failing.next();
                }
              })
          .isInstanceOf(UpstreamServerException.class);
      assertThat(used(":parallel")).isZero();
      assertThat(balance("1").reserved()).isZero();
      // 2: closed early: settles with what was streamed (estimated usage)
      ChatStream closed = router.stream(req("g"), u1);
      closed.next();
      closed.close();
      assertThat(used(":parallel")).isZero();
      assertThat(balance("1").reserved()).isZero();
      long spentBefore = balance("1").spent();
      assertThat(spentBefore).isPositive();
      // 3: completed: the provider's usage chunk (7 prompt, 2 completion tokens)
      try (ChatStream done = router.stream(req("g"), u1)) {
        while (done.hasNext()) {
          done.next();
        }
        assertThat(used(":parallel")).isZero();
      }
      assertThat(balance("1")).isEqualTo(new Balance(spentBefore + 2_000L, 0));
    }
  }

  @Test
  void aFailureBeforeTheFirstChunkReleasesTheStreamsHold() {
    provider.script("m", () -> new BadRequestException("bad"));
    try (LlmRouter router =
        router(
            gov()
                .budget(Scope.USER, "u1", Budget.of("1"))
                .limits(Scope.USER, "u1", RateLimits.NONE.withMaxParallel(1))
                .build())) {
      assertThatThrownBy(() -> router.stream(req("g"), u1)).isInstanceOf(BadRequestException.class);
      assertThat(used(":parallel")).isZero();
      assertThat(balance("1")).isEqualTo(Balance.ZERO);
    }
  }

  @Test
  void callersMayWaitForAWindowUpToABound() {
    try (LlmRouter router =
        router(
            gov()
                .maxWaitForLimit(Duration.ofSeconds(60))
                .limits(Scope.USER, "u1", RateLimits.NONE.withRpm(2))
                .build())) {
      router.chat(req("g"), u1);
      time.advance(Duration.ofSeconds(10));
      router.chat(req("g"), u1);
      time.advance(Duration.ofSeconds(5));
      router.chat(req("g"), u1); // waits until the first request leaves the window
      assertThat(time.sleeps).containsExactly(Duration.ofSeconds(45));
      assertThat(time.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
    }
    try (LlmRouter router =
        router(
            gov()
                .maxWaitForLimit(Duration.ofSeconds(30))
                .limits(Scope.USER, "u2", RateLimits.NONE.withRpm(1))
                .build())) {
      RequestContext u2 = RequestContext.builder().userId("u2").build();
      router.chat(req("g"), u2);
      RateLimitException e =
          catchThrowableOfType(RateLimitException.class, () -> router.chat(req("g"), u2));
      assertThat(e.retryAfter()).isEqualTo(MINUTE); // beyond the bound: fails at once
      assertThat(time.sleeps).hasSize(1);
    }
  }

  @Test
  void noWaitingWhenEveryWaiterSlotIsTaken() {
    try (LlmRouter router =
        router(
            gov()
                .maxWaitForLimit(Duration.ofMinutes(5))
                .maxWaiters(0)
                .limits(Scope.USER, "u1", RateLimits.NONE.withRpm(1))
                .build())) {
      router.chat(req("g"), u1);
      assertThatThrownBy(() -> router.chat(req("g"), u1)).isInstanceOf(RateLimitException.class);
      assertThat(time.sleeps).isEmpty();
    }
  }

  @Test
  void waitingForAParallelSlotPollsUntilTheBound() {
    try (LlmRouter router =
        router(
            gov()
                .maxWaitForLimit(Duration.ofMillis(120))
                .limits(Scope.USER, "u1", RateLimits.NONE.withMaxParallel(1))
                .build())) {
      ChatStream open = router.stream(req("g"), u1);
      assertThatThrownBy(() -> router.chat(req("g"), u1)).isInstanceOf(RateLimitException.class);
      assertThat(time.sleeps)
          .containsExactly(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(20));
      open.close();
      router.chat(req("g"), u1);
    }
  }

  @Test
  void storeFailureFailsClosedByDefaultAndOpenWhenAsked() {
    CounterStore broken =
        new CounterStore() {
          @Override
          public dev.llmux.core.store.Acquisition acquire(
              List<dev.llmux.core.store.Limit> l, List<Long> a, Instant now) {
            throw new IllegalStateException("down");
          }

          @Override
          public void settle(dev.llmux.core.store.Permit p, List<Long> a, Instant now) {}

          @Override
          public void release(dev.llmux.core.store.Permit p) {}

          @Override
          public long used(String key, Duration window, Instant now) {
            return 0;
          }
        };
    GovernanceConfig.Builder g =
        GovernanceConfig.builder()
            .counterStore(broken)
            .limits(Scope.USER, "u1", RateLimits.NONE.withRpm(1));
    try (LlmRouter router = router(g.build())) {
      assertThatThrownBy(() -> router.chat(req("g"), u1))
          .isInstanceOf(RateLimitException.class)
          .hasMessageContaining("unavailable");
      assertThat(provider.calls).isEmpty();
    }
    try (LlmRouter router = router(g.failOpen(true).build())) {
      router.chat(req("g"), u1);
      router.chat(req("g"), u1);
    }
  }

  @Test
  void noRulesMeansNoStoreCalls() {
    try (LlmRouter router =
        router(gov().limits(Scope.USER, "someone-else", RateLimits.NONE.withRpm(1)).build())) {
      for (int i = 0; i < 5; i++) {
        router.chat(req("g"), u1);
        router.chat(req("g"));
      }
    }
  }

  @Test
  void deploymentCountersShareTheStore() {
    try (LlmRouter router = router(gov().build())) {
      Deployment d = Deployment.builder("x", "p").id("d1").model("x").rpm(2).tpm(100).build();
      var c = router.control().deploymentCounters();
      var a = c.tryAcquire(d, 60);
      assertThat(a.isGranted()).isTrue();
      assertThat(c.tryAcquire(d, 60).isGranted()).isFalse(); // 120 tokens > 100
      c.settle(a.permit(), 20);
      assertThat(c.tokensInLastMinute("d1")).isEqualTo(20);
      assertThat(c.tryAcquire(d, 60).isGranted()).isTrue();
      var third = c.tryAcquire(d, 1);
      assertThat(third.isGranted()).isFalse(); // 2 rpm
      assertThat(third.retryAfter()).isEqualTo(MINUTE);
      assertThat(c.requestsInLastMinute("d1")).isEqualTo(2);
      assertThat(counters.used("llmux:deployment:d1:rpm", MINUTE, time.instant())).isEqualTo(2);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Governance governance(LlmRouter router) {
    return (Governance) engineField(router, "governance");
  }

  private static ModelCatalog catalog(LlmRouter router) {
    return ((LiveCatalog) engineField(router, "catalog")).get();
  }

  /** A field of the router's engine (the router keeps its engine in {@code engine}). */
  private static Object engineField(LlmRouter router, String name) {
    try {
      var e = LlmRouter.class.getDeclaredField("engine");
      e.setAccessible(true);
      Object engine = e.get(router);
      var f = engine.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(engine);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void runConcurrently(int threads, int perThread, Runnable body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(
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
    try {
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
