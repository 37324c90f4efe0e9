package dev.llmux.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.Scope;
import dev.llmux.core.governance.SpendHistory;
import dev.llmux.core.store.Balance;
import dev.llmux.core.store.BudgetKey;
import dev.llmux.core.store.Reservation;
import dev.llmux.core.store.ReserveResult;
import dev.llmux.core.store.SpendStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Budgets' durable floor ({@link SpendHistory}) and the order of settlement and call listeners. */
class DurableSpendTest {
  private final FakeTime time = new FakeTime();

  /** max_tokens 5 at $0.000001 per output token: reserves and costs exactly $0.000005. */
  private static ChatCompletionRequest req() {
    return ChatCompletionRequest.of("chat", ChatMessage.user("hi")).toBuilder()
        .maxTokens(5)
        .build();
  }

  private LlmRouter.Builder router(GovernanceConfig g) {
    return LlmRouter.builder()
        .clock(time)
        .ticker(time)
        .sleeper(time)
        .provider(new ScriptedProvider("p"))
        .deployment(
            Deployment.builder("chat", "p")
                .model("m")
                .inputCostPerToken(0.0)
                .outputCostPerToken(0.000001)
                .build())
        .governance(g);
  }

  private record Asked(Scope scope, String id, String group, Instant since) {}

  @Test
  void theFloorFromTheHistoryCountsAsSpendOfThePeriod() {
    List<Asked> asked = Collections.synchronizedList(new ArrayList<>());
    SpendHistory history =
        (scope, id, group, since) -> {
          asked.add(new Asked(scope, id, group, since));
          return 5_000; // $0.000005 already spent today, say before a restart
        };
    GovernanceConfig g =
        GovernanceConfig.builder()
            .budget(Scope.USER, "u1", Budget.of("0.00001", "1d"))
            .spendHistory(history)
            .build();
    try (LlmRouter router = router(g).build()) {
      RequestContext u1 = RequestContext.builder().userId("u1").build();
      router.chat(req(), u1);
      assertThatThrownBy(() -> router.chat(req(), u1)).isInstanceOf(BudgetExceededException.class);
      assertThat(asked)
          .first()
          .isEqualTo(new Asked(Scope.USER, "u1", null, Instant.parse("2026-01-01T00:00:00Z")));
    }
  }

  @Test
  void aPeriodStillResetsOnItsCalendarBoundary() {
    Instant day1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant day2 = Instant.parse("2026-01-02T00:00:00Z");
    List<Asked> asked = Collections.synchronizedList(new ArrayList<>());
    SpendHistory history =
        (scope, id, group, since) -> {
          asked.add(new Asked(scope, id, group, since));
          // the whole daily budget was spent on day 1 (before a restart); nothing yet on day 2
          return since.equals(day1) ? 10_000 : 0;
        };
    GovernanceConfig g =
        GovernanceConfig.builder()
            .budget(Scope.USER, "u1", Budget.of("0.00001", "1d"))
            .spendHistory(history)
            .build();
    try (LlmRouter router = router(g).build()) {
      RequestContext u1 = RequestContext.builder().userId("u1").build();
      assertThatThrownBy(() -> router.chat(req(), u1)).isInstanceOf(BudgetExceededException.class);
      time.advanceTo(day2.plusSeconds(1));
      router.chat(req(), u1);
      router.chat(req(), u1);
      assertThatThrownBy(() -> router.chat(req(), u1)).isInstanceOf(BudgetExceededException.class);
      assertThat(asked).first().extracting(Asked::since).isEqualTo(day1);
      assertThat(asked).last().extracting(Asked::since).isEqualTo(day2);
    }
  }

  @Test
  void withoutAHistoryOrWhenItFailsTheStoreAloneDecides() {
    SpendHistory broken =
        (scope, id, group, since) -> {
          throw new IllegalStateException("database down");
        };
    for (GovernanceConfig.Builder gb :
        List.of(GovernanceConfig.builder(), GovernanceConfig.builder().spendHistory(broken))) {
      GovernanceConfig g = gb.budget(Scope.USER, "u1", Budget.of("0.00001", "1d")).build();
      try (LlmRouter router = router(g).build()) {
        RequestContext u1 = RequestContext.builder().userId("u1").build();
        router.chat(req(), u1);
        router.chat(req(), u1);
        assertThatThrownBy(() -> router.chat(req(), u1))
            .isInstanceOf(BudgetExceededException.class);
      }
    }
  }

  @Test
  void aModelGroupBudgetAsksForThatGroupsSpend() {
    List<Asked> asked = Collections.synchronizedList(new ArrayList<>());
    GovernanceConfig g =
        GovernanceConfig.builder()
            .budget(Scope.KEY, "k1", "chat", Budget.of("1"))
            .spendHistory(
                (scope, id, group, since) -> {
                  asked.add(new Asked(scope, id, group, since));
                  return 0;
                })
            .build();
    try (LlmRouter router = router(g).build()) {
      router.chat(req(), RequestContext.builder().keyId("k1").build());
      assertThat(asked).containsExactly(new Asked(Scope.KEY, "k1", "chat", Instant.EPOCH));
    }
  }

  @Test
  void theSpendStoreIsSettledBeforeTheCallListenersHearOfTheCall() throws Exception {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    SpendStore inner = SpendStore.inMemory();
    SpendStore recording =
        new SpendStore() {
          @Override
          public ReserveResult reserve(List<BudgetKey> keys, long amount, Instant now) {
            return inner.reserve(keys, amount, now);
          }

          @Override
          public List<Long> settle(Reservation reservation, long actual, Instant now) {
            events.add("settle " + actual);
            return inner.settle(reservation, actual, now);
          }

          @Override
          public void release(Reservation reservation) {
            inner.release(reservation);
          }

          @Override
          public List<Long> record(List<BudgetKey> keys, long amount, Instant now) {
            return inner.record(keys, amount, now);
          }

          @Override
          public Balance balance(BudgetKey key, Instant now) {
            return inner.balance(key, now);
          }
        };
    GovernanceConfig g =
        GovernanceConfig.builder()
            .budget(Scope.USER, "u1", Budget.of("1", "1d"))
            .spendStore(recording)
            .build();
    try (LlmRouter router =
        router(g).callListener(call -> events.add("listener " + call.operation())).build()) {
      RequestContext u1 = RequestContext.builder().userId("u1").build();
      router.chat(req(), u1);
      assertThat(events).containsExactly("settle 5000", "listener chat");
      events.clear();
      try (ChatStream s = router.stream(req(), u1)) {
        while (s.hasNext()) {
          s.next();
        }
      }
      assertThat(events).hasSize(2);
      assertThat(events.get(0)).startsWith("settle ");
      assertThat(events.get(1)).isEqualTo("listener chat");
    }
  }
}
