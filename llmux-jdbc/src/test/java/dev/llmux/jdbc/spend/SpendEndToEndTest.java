package dev.llmux.jdbc.spend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.jdbc.Page;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real router (the {@code mock} provider) reporting to a real database's spend log: every call
 * becomes one row with the router's own tokens and cost, and the aggregates add up.
 */
class SpendEndToEndTest {

  @Test
  void everyRouterCallBecomesOneRowAndTheAggregatesAddUp() {
    try (LlmuxDatabase db =
            LlmuxDatabase.builder()
                .url(SpendTestDatabases.freshH2())
                .spendSettings(SpendSettings.DEFAULTS.withFlushInterval(Duration.ofHours(1)))
                .build();
        LlmRouter router =
            LlmRouter.builder()
                .provider(ProviderConfig.of("mock1", "mock", null, null))
                .provider(
                    new ProviderConfig(
                        "broken",
                        "mock",
                        null,
                        null,
                        Map.of("failure_rate", 1.0, "failure_status", 503)))
                .deployment(
                    Deployment.builder("gpt", "mock1")
                        .model("m")
                        .id("d-gpt")
                        .inputCostPerToken(0.000_002)
                        .outputCostPerToken(0.000_006)
                        .build())
                .deployment(
                    Deployment.builder("emb", "mock1")
                        .model("e")
                        .id("d-emb")
                        .inputCostPerToken(0.000_000_1)
                        .build())
                .deployment(Deployment.builder("down", "broken").model("x").id("d-down").build())
                .retry(RetryConfig.custom().numRetries(0).build())
                .callListener(db.spend().writer())
                .build()) {
      RequestContext alice =
          RequestContext.builder()
              .requestId("same-header")
              .keyId("key-a")
              .userId("alice")
              .teamId("team-1")
              .orgId("org-1")
              .build();
      RequestContext bob =
          RequestContext.builder()
              .requestId("same-header")
              .keyId("key-b")
              .userId("bob")
              .teamId("team-1")
              .orgId("org-1")
              .endUserId("customer-9")
              .build();
      List<RouteResult<?>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(
            router.chat(
                ChatCompletionRequest.of("gpt", ChatMessage.user("hello number " + i + " there")),
                i % 2 == 0 ? alice : bob));
      }
      try (ChatStream s =
          router.stream(
              ChatCompletionRequest.of("gpt", ChatMessage.user("stream me please")), bob)) {
        while (s.hasNext()) {
          s.next();
        }
        results.add(s.result());
      }
      results.add(router.embed(EmbeddingRequest.of("emb", List.of("a b c", "d e")), alice));
      assertThatThrownBy(
              () -> router.chat(ChatCompletionRequest.of("down", ChatMessage.user("hi")), alice))
          .isInstanceOf(LlmException.class);

      SpendLog spend = db.spend();
      assertThat(spend.writer().flush(Duration.ofSeconds(30))).isTrue();

      Page<SpendRow> all =
          spend.logs(
              new SpendLogFilter(null, null, null, null, null, null, null, null, null, 1, 100));
      assertThat(all.total()).isEqualTo(9); // 6 chats + 1 stream + 1 embeddings + 1 failure
      // the caller's request id is the same for every call; the call ids are LLMux's own and all
      // differ
      assertThat(all.items()).extracting(SpendRow::callId).doesNotHaveDuplicates();
      assertThat(all.items()).extracting(SpendRow::callerRequestId).containsOnly("same-header");

      BigDecimal expectedCost = BigDecimal.ZERO;
      for (RouteResult<?> r : results) {
        SpendRow row = spend.log(r.callId()).orElseThrow();
        assertThat(row.promptTokens()).isEqualTo(r.usage().promptTokens());
        assertThat(row.completionTokens()).isEqualTo(r.usage().completionTokens());
        assertThat(row.cost())
            .isEqualByComparingTo(BigDecimal.valueOf(r.cost()).setScale(10, RoundingMode.HALF_UP));
        assertThat(row.deploymentId()).isEqualTo(r.deploymentId());
        assertThat(row.status()).isEqualTo("success");
        expectedCost = expectedCost.add(row.cost());
      }
      assertThat(spend.log(results.get(6).callId()).orElseThrow().stream()).isTrue();
      assertThat(spend.log(results.get(7).callId()).orElseThrow().operation())
          .isEqualTo("embeddings");

      SpendRow failed =
          spend
              .logs(
                  new SpendLogFilter(null, null, null, null, null, null, null, "down", null, 1, 10))
              .items()
              .get(0);
      assertThat(failed.httpStatus()).isEqualTo(503);
      assertThat(failed.status()).isNotEqualTo("success");
      assertThat(failed.keyId()).isEqualTo("key-a");

      BigDecimal totalCost = expectedCost;
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      List<DailyActivity> days =
          spend.activity(SpendFilter.between(today.minusDays(1), today.plusDays(1)));
      assertThat(days)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.requests()).isEqualTo(9);
                assertThat(d.failures()).isEqualTo(1);
                assertThat(d.cost()).isEqualByComparingTo(totalCost);
              });
      SpendTotal keyA = spend.total(SpendGroupBy.KEY, "key-a");
      assertThat(keyA.requests()).isEqualTo(5); // 3 chats, the embeddings and the failure
      assertThat(spend.total(SpendGroupBy.END_USER, "customer-9").requests()).isEqualTo(4);
      assertThat(
              spend.totals(SpendGroupBy.MODEL, SpendFilter.all()).stream().map(SpendTotal::group))
          .containsExactlyInAnyOrder("gpt", "emb", "down");
      assertThat(spend.totals(SpendGroupBy.TEAM, SpendFilter.all()))
          .singleElement()
          .satisfies(t -> assertThat(t.cost()).isEqualByComparingTo(totalCost));
    }
  }

  @Test
  void closingTheDatabaseWritesWhatIsBufferedBeforeThePoolCloses() {
    String url = SpendTestDatabases.freshH2();
    LlmuxDatabase db =
        LlmuxDatabase.builder()
            .url(url)
            .spendSettings(SpendSettings.DEFAULTS.withFlushInterval(Duration.ofHours(1)))
            .build();
    for (int i = 0; i < 7; i++) {
      db.spend()
          .writer()
          .onCall(
              SpendLogContractTest.rec(
                  SpendLogContractTest.id(), SpendLogContractTest.DAY1, "k1", "m", 1, 1, 0.5));
    }
    assertThat(db.spend().writer().buffered())
        .isEqualTo(7); // nothing written yet: no flush, no full batch
    db.close();
    try (LlmuxDatabase again = LlmuxDatabase.builder().url(url).build()) {
      assertThat(again.spend().total(SpendGroupBy.KEY, "k1").requests()).isEqualTo(7);
      assertThat(again.spend().total(SpendGroupBy.KEY, "k1").cost()).isEqualByComparingTo("3.5");
    }
  }
}
