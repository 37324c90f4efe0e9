package dev.llmux.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.governance.GovernanceConfig;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real router (the {@code mock} provider) governed by {@link LlmuxDatabase#governancePolicy()}.
 */
class RouterGovernanceTest {
  private static final AtomicInteger DBS = new AtomicInteger();
  private static final Actor ADMIN = new Actor("master", null);

  private String url;
  private LlmuxDatabase db;
  private LlmRouter router;
  private final AtomicInteger seq = new AtomicInteger();

  @BeforeEach
  void setUp() {
    url = "jdbc:h2:mem:router" + DBS.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    db = LlmuxDatabase.builder().url(url).build();
    router = router(GovernanceConfig.builder().policy(db.governancePolicy()).build()).build();
  }

  private static LlmRouter.Builder router(GovernanceConfig governance) {
    return LlmRouter.builder()
        .retry(RetryConfig.custom().numRetries(0).build())
        .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "echo")))
        // $1 per million output tokens, input free: a call with max_tokens 5 may cost at most
        // $0.000005
        .deployment(
            Deployment.builder("g", "mock")
                .id("d1")
                .model("m")
                .inputCostPerToken(0.0)
                .outputCostPerToken(1e-6)
                .build())
        .governance(governance);
  }

  /** The database's policy, durable spend and spend writer, as the facade composes them. */
  private LlmRouter durable(LlmuxDatabase database) {
    return router(
            GovernanceConfig.builder()
                .policy(database.governancePolicy())
                .spendHistory(database.spendHistory())
                .build())
        .callListener(database.spend().writer())
        .build();
  }

  @Test
  void aKeyRefusedForItsBudgetIsStillRefusedAfterARestart() {
    router.close();
    router = durable(db);
    GeneratedKey k =
        db.keys()
            .generate(
                limits(null, new Limits(new BigDecimal("0.00002"), null, "1d", null, null, null)),
                ADMIN);
    int served = 0;
    boolean refused = false;
    while (!refused && served < 50) {
      try {
        call(ctx(k.key()));
        served++;
      } catch (BudgetExceededException e) {
        refused = true;
      }
    }
    assertThat(refused).isTrue();
    assertThat(served).isPositive();
    // restart: the router and the database go away (the spend rows are flushed), then come back
    router.close();
    db.close();
    db = LlmuxDatabase.builder().url(url).build();
    router = durable(db);
    assertThatThrownBy(() -> call(ctx(k.key()))).isInstanceOf(BudgetExceededException.class);
    assertThat(db.spend().total(dev.llmux.jdbc.spend.SpendGroupBy.KEY, k.info().id()).successes())
        .isEqualTo(served);
  }

  @AfterEach
  void tearDown() {
    router.close();
    db.close();
  }

  /** The context the facade builds from an authenticated key. */
  private RequestContext ctx(String key) {
    KeyPrincipal p = db.authenticate(key).orElseThrow();
    return RequestContext.builder()
        .keyId(p.key().id())
        .userId(p.key().userId())
        .teamId(p.key().teamId())
        .orgId(p.key().organizationId())
        .build();
  }

  private void call(RequestContext ctx) {
    router.chat(
        ChatCompletionRequest.of("g", ChatMessage.user("q" + seq.incrementAndGet())).toBuilder()
            .maxTokens(5)
            .build(),
        ctx);
  }

  private static KeySpec limits(String teamId, Limits limits) {
    return new KeySpec(null, null, teamId, null, null, limits, null, null, null, null);
  }

  @Test
  void aKeysMaxBudgetRefusesTheCallThatCannotFit() {
    GeneratedKey tiny =
        db.keys()
            .generate(
                limits(null, new Limits(new BigDecimal("0.000001"), null, null, null, null, null)),
                ADMIN);
    GeneratedKey free = db.keys().generate(KeySpec.EMPTY, ADMIN);
    assertThatThrownBy(() -> call(ctx(tiny.key()))).isInstanceOf(BudgetExceededException.class);
    call(ctx(free.key())); // no budget on that key

    GeneratedKey some =
        db.keys()
            .generate(
                limits(null, new Limits(new BigDecimal("0.00002"), null, null, null, null, null)),
                ADMIN);
    RequestContext c = ctx(some.key());
    call(c);
    int accepted = 1;
    boolean refused = false;
    for (int i = 0; i < 20 && !refused; i++) {
      try {
        call(c);
        accepted++;
      } catch (BudgetExceededException e) {
        refused = true;
      }
    }
    assertThat(refused).as("refused once the spend reaches the budget").isTrue();
    assertThat(accepted).isBetween(2, 19);

    // raising the budget in the database applies to the next call (policy cache invalidated)
    db.keys()
        .update(
            some.key(),
            limits(null, new Limits(new BigDecimal("1"), null, null, null, null, null)),
            ADMIN);
    call(c);
  }

  @Test
  void aKeysRpmLimitRefusesTheThirdCall() {
    GeneratedKey k =
        db.keys().generate(limits(null, new Limits(null, null, null, null, 2L, null)), ADMIN);
    RequestContext c = ctx(k.key());
    call(c);
    call(c);
    assertThatThrownBy(() -> call(c)).isInstanceOf(RateLimitException.class);
  }

  @Test
  void aTeamLimitAppliesToAllItsKeysTogether() {
    db.teams()
        .create(
            "t1",
            new TeamSpec(
                null, null, null, new Limits(null, null, null, null, 3L, null), null, null, null),
            null,
            ADMIN);
    RequestContext k1 = ctx(db.keys().generate(limits("t1", null), ADMIN).key());
    RequestContext k2 = ctx(db.keys().generate(limits("t1", null), ADMIN).key());
    RequestContext outside = ctx(db.keys().generate(KeySpec.EMPTY, ADMIN).key());
    call(k1);
    call(k2);
    call(k1);
    assertThatThrownBy(() -> call(k2)).isInstanceOf(RateLimitException.class);
    assertThatThrownBy(() -> call(k1)).isInstanceOf(RateLimitException.class);
    call(outside);
  }

  @Test
  void aBlockedEndUserIsRefusedWithA403AndServedAgainOnceUnblocked() {
    GeneratedKey k = db.keys().generate(KeySpec.EMPTY, ADMIN);
    RequestContext asBob = ctx(k.key()).toBuilder().endUserId("bob").build();
    RequestContext asAnn = ctx(k.key()).toBuilder().endUserId("ann").build();
    call(asBob); // unknown end user: no rules
    db.endUsers().upsert("bob", new EndUserSpec(null, null, true), ADMIN);
    assertThatThrownBy(() -> call(asBob))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class,
            e -> {
              assertThat(e.getMessage()).contains("end user 'bob' is blocked");
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("end_user_blocked");
            });
    call(asAnn); // another end user of the same key is served
    db.endUsers().upsert("bob", new EndUserSpec(null, null, false), ADMIN);
    call(asBob);
  }
}
