package dev.llmux.facade;

import static dev.llmux.facade.StrategyBench.Ask;
import static dev.llmux.facade.StrategyBench.Dep;
import static dev.llmux.facade.StrategyBench.REFUSED;
import static dev.llmux.facade.StrategyBench.Via;
import static dev.llmux.facade.StrategyBench.counts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.core.config.RoutingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every routing strategy against real HTTP upstreams on loopback ({@link LatencyUpstream}: OpenAI
 * wire format, real and well-separated latencies), through an {@link dev.llmux.core.LlmRouter} with
 * the {@code openai} provider and through the facade started from YAML. Assertions are
 * distributions with margins meant to hold on a slow, loaded 2-core machine: latencies are 5, 60
 * and 150 ms or further apart, and lowest-latency compares medians, so scheduling noise does not
 * flip a result. No assertion is on a time. Run alone: {@code ./mvnw -pl llmux-facade -am verify
 * -Dgroups=routing-e2e -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("routing-e2e")
class RoutingStrategiesE2ETest {
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T t) {
    open.add(t);
    return t;
  }

  private LatencyUpstream upstream(String name, long delayMillis) throws Exception {
    return keep(new LatencyUpstream(name, delayMillis));
  }

  private StrategyBench bench(Via via, String strategy, List<Dep> deps) throws Exception {
    return keep(StrategyBench.start(via, dir, strategy, deps, "", b -> {}, null, null));
  }

  /** Prints what a test measured (in the test's output file) for docs/routing.md. */
  private static void measured(String what, Object value) {
    System.out.println("MEASURED " + what + ": " + value);
  }

  private static long count(List<String> served, String id) {
    return served.stream().filter(id::equals).count();
  }

  // ---------------------------------------------------------------- lowest-latency

  /**
   * Issue 16 as reported, plus the switch: three deployments answering in 5, 60 and 150 ms, the
   * fastest one's first answer slow (the first call of a process or on a new connection; 1 s here,
   * so the case is the same on every run: before the fix this deployment got about 1 call in 150).
   * 30 warm-up calls, then 150: at least 80% to the fastest (measured: 97-100%). Then the fastest
   * turns slow (300 ms): its window holds 10 fast samples, so its median leaves the 10% buffer
   * after 5 slow answers, 6 at most (window / 2 + 1); exploration (2% of calls, a third of them to
   * it) may add one or two. Within 40 calls the 60 ms deployment has taken over.
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void lowestLatencyPlainPrefersTheFastestPerOutputTokenAndMovesWhenItSlows(Via via)
      throws Exception {
    lowestLatencyPrefersTheFastestAndMoves(via, Ask.PLAIN, 150);
  }

  /** The same with streams, compared by time to first token (the upstream's delay). */
  @ParameterizedTest
  @EnumSource(Via.class)
  void lowestLatencyStreamsPreferTheFastestFirstTokenAndMoveWhenItSlows(Via via) throws Exception {
    lowestLatencyPrefersTheFastestAndMoves(via, Ask.STREAM, 100);
  }

  private void lowestLatencyPrefersTheFastestAndMoves(Via via, Ask ask, int measured)
      throws Exception {
    LatencyUpstream fast = upstream("fast", 5).coldOnce(1000);
    LatencyUpstream mid = upstream("mid", 60);
    LatencyUpstream slow = upstream("slow", 150);
    StrategyBench b =
        bench(via, "lowest-latency", List.of(Dep.of(fast), Dep.of(mid), Dep.of(slow)));
    b.calls(30, ask);
    List<String> served = b.calls(measured, ask);
    Map<String, Integer> c = counts(served);
    measured(
        via + " " + (ask.stream() ? "stream" : "plain") + " latency, " + measured + " calls", c);
    assertThat(count(served, "fast")).as("%s", c).isGreaterThanOrEqualTo(measured * 8 / 10);
    assertThat(fast.hits() + mid.hits() + slow.hits()).isEqualTo(30 + measured);

    fast.delay(300);
    List<String> after = b.calls(40, ask);
    measured(
        via + " " + (ask.stream() ? "stream" : "plain") + " after the switch, 40 calls",
        counts(after));
    assertThat(count(after, "fast"))
        .as("calls to the deployment that turned slow, after it did: %s", counts(after))
        .isLessThanOrEqualTo(10 / 2 + 1 + 3);
    List<String> last30 = after.subList(10, 40);
    assertThat(count(last30, "mid")).as("%s", counts(last30)).isGreaterThanOrEqualTo(24);
  }

  /**
   * Plain calls compare seconds per output token, streams time to first token: an upstream that
   * takes 40 ms to write 100 tokens (0.4 ms a token) beats one taking 5 ms for 2 tokens (2.5 ms a
   * token) on plain calls, and loses to it on streams (40 ms against 5 ms to the first chunk).
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void plainCallsCompareTimePerOutputTokenStreamsTimeToFirstToken(Via via) throws Exception {
    LatencyUpstream verbose = upstream("verbose", 40).completionTokens(100);
    LatencyUpstream terse = upstream("terse", 5).completionTokens(2);
    StrategyBench b = bench(via, "lowest-latency", List.of(Dep.of(verbose), Dep.of(terse)));
    b.calls(10, Ask.PLAIN);
    List<String> plain = b.calls(40, Ask.PLAIN);
    measured(via + " per token, plain", counts(plain));
    assertThat(count(plain, "verbose")).as("%s", counts(plain)).isGreaterThanOrEqualTo(32);
    b.calls(10, Ask.STREAM);
    List<String> streams = b.calls(40, Ask.STREAM);
    measured(via + " per token, streams", counts(streams));
    assertThat(count(streams, "terse")).as("%s", counts(streams)).isGreaterThanOrEqualTo(32);
  }

  // ---------------------------------------------------------------- least-busy

  /**
   * 20 callers at once, 12 calls each, over two 5 ms deployments and one taking 1 s: least-busy
   * equalises calls in flight, so the slow one gets about its share of the first burst and then
   * only what its in-flight count allows (measured: 3-9% of 240 calls; a random pick would give it
   * 33%).
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void leastBusySendsMostCallsToTheFreeDeployments(Via via) throws Exception {
    LatencyUpstream free1 = upstream("free1", 5);
    LatencyUpstream free2 = upstream("free2", 5);
    LatencyUpstream busy = upstream("busy", 1000);
    StrategyBench b = bench(via, "least-busy", List.of(Dep.of(free1), Dep.of(free2), Dep.of(busy)));
    List<String> served = b.concurrently(20, 12, Ask.PLAIN);
    measured(via + " least-busy", counts(served) + ", max in flight at busy " + busy.maxInFlight());
    assertThat(served).hasSize(240).allMatch(s -> !s.startsWith(REFUSED));
    assertThat(count(served, "busy")).as("%s", counts(served)).isLessThanOrEqualTo(240 / 5);
  }

  // ---------------------------------------------------------------- lowest-tpm-rpm

  /**
   * Limits rpm 3 and 6 and tpm 150 (each call is 22 tokens: the upstream reports 12 prompt and 10
   * completion tokens), on the router's clock, moved by hand. Calls go to the deployment with the
   * fewest tokens used this minute: the first nine spread 3/3/3; then the one at its rpm gets no
   * more, and so on, until every one is at its limit and calls are refused with 429. Per minute the
   * upstreams see exactly 3, 6 and 7 requests: the tpm deployment takes a call while its counted
   * tokens plus the prompt's fit (132 + 8 <= 150), so its completion tokens may pass the limit by
   * one call's (154 here); the prompt is all the router can know before the call.
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void lowestTpmRpmSpreadsByUsageAndNeverPassesTheLimits(Via via) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    LatencyUpstream r3 = keep(new LatencyUpstream("rpm3", 0, clock::millis));
    LatencyUpstream r6 = keep(new LatencyUpstream("rpm6", 0, clock::millis));
    LatencyUpstream t150 = keep(new LatencyUpstream("tpm150", 0, clock::millis));
    StrategyBench b =
        keep(
            StrategyBench.start(
                via,
                dir,
                "lowest-tpm-rpm",
                List.of(Dep.of(r3).rpm(3), Dep.of(r6).rpm(6), Dep.of(t150).tpm(150)),
                "",
                x -> {},
                clock,
                null));
    for (int minute = 0; minute < 2; minute++) {
      List<String> served = b.calls(20, Ask.PLAIN);
      assertThat(counts(served.subList(0, 9)))
          .as("fewest used first")
          .containsOnly(Map.entry("rpm3", 3), Map.entry("rpm6", 3), Map.entry("tpm150", 3));
      assertThat(counts(served))
          .containsOnly(
              Map.entry("rpm3", 3),
              Map.entry("rpm6", 6),
              Map.entry("tpm150", 7),
              Map.entry(REFUSED + 429, 4));
      assertThat(served.subList(16, 20)).containsOnly(REFUSED + 429);
      clock.advance(Duration.ofSeconds(61));
    }
    assertThat(r3.busiestWindow(60_000)[0]).isEqualTo(3);
    assertThat(r6.busiestWindow(60_000)[0]).isEqualTo(6);
    measured(
        via + " tpm-rpm busiest minute (requests, tokens)",
        List.of(
            List.of(r3.busiestWindow(60_000)[0], r3.busiestWindow(60_000)[1]),
            List.of(r6.busiestWindow(60_000)[0], r6.busiestWindow(60_000)[1]),
            List.of(t150.busiestWindow(60_000)[0], t150.busiestWindow(60_000)[1])));
    assertThat(t150.busiestWindow(60_000)[1]).isLessThanOrEqualTo(150 + 10);
    assertThat(r3.hits() + r6.hits() + t150.hits()).isEqualTo(32);
  }

  // ---------------------------------------------------------------- lowest-cost

  /**
   * Prices on the deployments: YAML {@code input_cost_per_token} / {@code output_cost_per_token}.
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void lowestCostSendsEverythingToTheCheapestByConfiguredPrices(Via via) throws Exception {
    LatencyUpstream dear = upstream("dear", 0);
    LatencyUpstream cheap = upstream("cheap", 0);
    LatencyUpstream middling = upstream("middling", 0);
    StrategyBench b =
        bench(
            via,
            "lowest-cost",
            List.of(
                Dep.of(dear).prices(2.5e-6, 1e-5),
                Dep.of(cheap).prices(1e-7, 4e-7),
                Dep.of(middling).prices(5e-7, 1.5e-6)));
    List<String> served = b.calls(30, Ask.PLAIN);
    assertThat(served).containsOnly("cheap");
    assertThat(cheap.hits()).isEqualTo(30);
  }

  /**
   * No prices configured: the bundled table prices the deployments' models differently (gpt-4o
   * 2.5e-6 / 1e-5, gpt-4.1-mini 4e-7 / 1.6e-6, gpt-4.1-nano 1e-7 / 4e-7 per token).
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void lowestCostUsesTheBundledPriceTable(Via via) throws Exception {
    LatencyUpstream big = upstream("big", 0);
    LatencyUpstream mini = upstream("mini", 0);
    LatencyUpstream nano = upstream("nano", 0);
    StrategyBench b =
        bench(
            via,
            "lowest-cost",
            List.of(
                Dep.of(big).model("gpt-4o"),
                Dep.of(mini).model("gpt-4.1-mini"),
                Dep.of(nano).model("gpt-4.1-nano")));
    List<String> served = b.calls(30, Ask.STREAM);
    assertThat(served).containsOnly("nano");
    assertThat(nano.hits()).isEqualTo(30);
  }

  /**
   * LiteLLM's vocabulary: prices in {@code model_info}, which override the bundled table (the
   * cheapest by the file is gpt-4o, the dearest in the table).
   */
  @Test
  void lowestCostReadsLiteLlmModelInfoPrices() throws Exception {
    LatencyUpstream a = upstream("a", 0);
    LatencyUpstream b = upstream("b", 0);
    String yaml =
        """
        model_list:
          - model_name: g
            litellm_params: {model: openai/gpt-4.1-nano, api_base: %s, api_key: sk-test}
            model_info: {id: a, input_cost_per_token: 0.00001, output_cost_per_token: 0.00003}
          - model_name: g
            litellm_params: {model: openai/gpt-4o, api_base: %s, api_key: sk-test}
            model_info: {id: b, input_cost_per_token: 0.0000001, output_cost_per_token: 0.0000002}
        router_settings:
          routing_strategy: cost-based-routing
          num_retries: 0
        """
            .formatted(a.baseUrl(), b.baseUrl());
    StrategyBench bench = keep(StrategyBench.facade(dir, yaml, null, null));
    assertThat(bench.calls(20, Ask.PLAIN)).containsOnly("b");
    assertThat(a.hits()).isZero();
  }

  // ---------------------------------------------------------------- simple-shuffle, round-robin

  /**
   * Weights 1, 2 and 7 with the router's random source seeded: 600 calls pass Pearson's chi-square
   * goodness-of-fit test against 60/120/420 (critical value 13.82 for 2 degrees of freedom at p =
   * 0.001), and reject a uniform split. Seeded, so the outcome is the same on every run.
   */
  @ParameterizedTest
  @EnumSource(Via.class)
  void simpleShuffleFollowsTheWeights(Via via) throws Exception {
    LatencyUpstream w1 = upstream("w1", 0);
    LatencyUpstream w2 = upstream("w2", 0);
    LatencyUpstream w7 = upstream("w7", 0);
    StrategyBench b =
        keep(
            StrategyBench.start(
                via,
                dir,
                "simple-shuffle",
                List.of(Dep.of(w1).weight(1), Dep.of(w2).weight(2), Dep.of(w7).weight(7)),
                "",
                x -> {},
                null,
                new SplittableRandom(16)));
    List<String> served = b.calls(600, Ask.PLAIN);
    long[] observed = {count(served, "w1"), count(served, "w2"), count(served, "w7")};
    measured(
        via + " shuffle 1:2:7",
        counts(served) + ", chi2 " + chiSquare(observed, new double[] {60, 120, 420}));
    assertThat(chiSquare(observed, new double[] {60, 120, 420}))
        .as("%s", counts(served))
        .isLessThan(13.82);
    assertThat(chiSquare(observed, new double[] {200, 200, 200})).isGreaterThan(13.82);
    assertThat(new long[] {w1.hits(), w2.hits(), w7.hits()}).isEqualTo(observed);
  }

  static double chiSquare(long[] observed, double[] expected) {
    double x = 0;
    for (int i = 0; i < observed.length; i++) {
      double d = observed[i] - expected[i];
      x += d * d / expected[i];
    }
    return x;
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void roundRobinTakesTheDeploymentsInTurn(Via via) throws Exception {
    LatencyUpstream a = upstream("a", 0);
    LatencyUpstream b = upstream("b", 20);
    LatencyUpstream c = upstream("c", 0);
    StrategyBench bench = bench(via, "round-robin", List.of(Dep.of(a), Dep.of(b), Dep.of(c)));
    assertThat(bench.calls(9, Ask.PLAIN))
        .containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c");
    assertThat(bench.calls(3, Ask.STREAM)).containsExactly("a", "b", "c");
  }

  // ---------------------------------------------------------------- tags

  /**
   * The router is given {@code RoutingConfig.tagMatch} and the calls {@code RequestContext.tags};
   * the facade is started from a file with {@code routing.tag_filtering} and the calls carry the
   * body's {@code tags}.
   */
  private StrategyBench tagged(
      Via via, String strategy, RoutingConfig.TagMatch match, List<Dep> deps) throws Exception {
    return keep(
        StrategyBench.start(
            via,
            dir,
            strategy,
            deps,
            "tag_filtering: " + match.name().toLowerCase(java.util.Locale.ROOT) + "\n",
            x -> x.routing(RoutingConfig.custom().strategy(strategy).tagMatch(match).build()),
            null,
            null));
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void tagsKeepOnlyMatchingDeploymentsAndUntaggedCallsGoToDefault(Via via) throws Exception {
    LatencyUpstream eu = upstream("eu", 0);
    LatencyUpstream us = upstream("us", 0);
    LatencyUpstream dflt = upstream("dflt", 0);
    StrategyBench b =
        tagged(
            via,
            "simple-shuffle",
            RoutingConfig.TagMatch.ANY,
            List.of(Dep.of(eu).tags("eu"), Dep.of(us).tags("us"), Dep.of(dflt).tags("default")));
    assertThat(b.calls(20, new Ask(false, List.of("eu")))).containsOnly("eu");
    assertThat(b.calls(20, new Ask(true, List.of("us")))).containsOnly("us");
    assertThat(b.calls(20, Ask.PLAIN)).containsOnly("dflt");
    assertThat(b.calls(40, new Ask(false, List.of("eu", "us")))).containsOnly("eu", "us");
    // a tag no deployment has: the deployments tagged default (LiteLLM's semantics)
    assertThat(b.call(new Ask(false, List.of("asia")))).isEqualTo("dflt");
    assertThat(eu.hits() + us.hits() + dflt.hits()).isEqualTo(101);
  }

  @ParameterizedTest
  @EnumSource(Via.class)
  void withoutADefaultTagUntaggedCallsGoAnywhereAndAllMatchNeedsEveryTag(Via via) throws Exception {
    LatencyUpstream both = upstream("both", 0);
    LatencyUpstream eu = upstream("eu", 0);
    StrategyBench b =
        tagged(
            via,
            "round-robin",
            RoutingConfig.TagMatch.ALL,
            List.of(Dep.of(both).tags("eu", "gpu"), Dep.of(eu).tags("eu")));
    assertThat(b.calls(4, Ask.PLAIN)).containsExactly("both", "eu", "both", "eu");
    assertThat(b.calls(10, new Ask(false, List.of("eu", "gpu")))).containsOnly("both");
    assertThat(counts(b.calls(10, new Ask(false, List.of("eu")))).keySet())
        .containsExactlyInAnyOrder("both", "eu");
    // a tag no deployment has, and no default deployment: refused
    assertThat(b.call(new Ask(false, List.of("asia")))).isEqualTo(REFUSED + 503);
    assertThat(both.hits() + eu.hits()).isEqualTo(24);
  }
}
