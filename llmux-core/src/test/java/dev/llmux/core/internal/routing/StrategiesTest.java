package dev.llmux.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.core.Deployment;
import dev.llmux.core.FakeTime;
import dev.llmux.core.ModelPrices;
import dev.llmux.core.RequestContext;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.spi.InMemoryRoutingStateStore;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Strategy distributions with a seeded random source, a fake clock and a seeded state store. */
class StrategiesTest {
  private static final int N = 10_000;
  private final FakeTime time = new FakeTime();
  private final InMemoryRoutingStateStore store = new InMemoryRoutingStateStore();
  private final dev.llmux.core.governance.DeploymentCounters counters =
      new dev.llmux.core.governance.DeploymentCounters(
          dev.llmux.core.store.CounterStore.inMemory(), time);
  private final SplittableRandom random = new SplittableRandom(7);

  private RoutingContext ctx(RoutingConfig options) {
    return new RoutingContext(store, counters, time, options, ModelPrices.bundled(), () -> null);
  }

  private static Deployment dep(String id) {
    return Deployment.builder("g", "p").model(id).id(id).build();
  }

  private RoutingStrategy.Selection selection(boolean stream, int promptTokens) {
    return new RoutingStrategy.Selection(
        "g",
        ChatCompletionRequest.of("g", ChatMessage.user("hi")),
        RequestContext.EMPTY,
        random,
        stream,
        d -> promptTokens);
  }

  private Map<String, Double> shares(
      RoutingStrategy s, List<Deployment> candidates, RoutingStrategy.Selection sel) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < N; i++) {
      counts.merge(s.pick(candidates, sel).id(), 1, Integer::sum);
    }
    Map<String, Double> out = new HashMap<>();
    for (Deployment d : candidates) {
      out.put(d.id(), counts.getOrDefault(d.id(), 0) / (double) N);
    }
    return out;
  }

  private void latency(String id, RoutingStateStore.LatencyKind kind, double... samples) {
    for (double s : samples) {
      store.recordLatency(id, kind, s, 10, time.millis());
    }
  }

  @Test
  void lowestLatencySendsAtLeast90PercentToTheFastestOutsideTheBuffer() {
    List<Deployment> ds = List.of(dep("fast"), dep("mid"), dep("slow"));
    latency("fast", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.010, 0.012, 0.011);
    latency("mid", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.030, 0.030, 0.030);
    latency("slow", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.100, 0.100, 0.100);
    Map<String, Double> s =
        shares(
            new LowestLatencyStrategy(ctx(RoutingConfig.ofDefaults())), ds, selection(false, 10));
    assertThat(s.get("fast")).isGreaterThanOrEqualTo(0.90);
    // exploration (2%) spreads uniformly: about 0.67% each to the others
    assertThat(s.get("mid")).isCloseTo(0.02 / 3, within(0.005));
    assertThat(s.get("slow")).isCloseTo(0.02 / 3, within(0.005));
  }

  @Test
  void lowestLatencySpreadsWithinTheBuffer() {
    List<Deployment> ds = List.of(dep("a"), dep("b"), dep("c"));
    latency("a", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.0100, 0.0100, 0.0100);
    // within 10% of a
    latency("b", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.0108, 0.0108, 0.0108);
    latency("c", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.0200, 0.0200, 0.0200);
    RoutingConfig noExploration = RoutingConfig.custom().latencyExploration(0).build();
    Map<String, Double> s =
        shares(new LowestLatencyStrategy(ctx(noExploration)), ds, selection(false, 10));
    assertThat(s.get("a")).isCloseTo(0.5, within(0.02));
    assertThat(s.get("b")).isCloseTo(0.5, within(0.02));
    assertThat(s.get("c")).isZero();
    // a wider buffer takes c in too
    Map<String, Double> wide =
        shares(
            new LowestLatencyStrategy(ctx(noExploration.toBuilder().latencyBuffer(1.0).build())),
            ds,
            selection(false, 10));
    assertThat(wide.get("c")).isCloseTo(1 / 3.0, within(0.02));
  }

  @Test
  void lowestLatencyExploresDeploymentsWithoutDataAndExpiresOldSamples() {
    List<Deployment> ds = List.of(dep("known"), dep("new"));
    latency("known", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.01, 0.01, 0.01);
    RoutingConfig o = RoutingConfig.custom().latencyExploration(0).build();
    Map<String, Double> s = shares(new LowestLatencyStrategy(ctx(o)), ds, selection(false, 10));
    assertThat(s.get("new")).isCloseTo(0.5, within(0.02));

    // fewer than three samples: still measured, whatever they say
    latency("new", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 1.0, 1.0);
    s = shares(new LowestLatencyStrategy(ctx(o)), ds, selection(false, 10));
    assertThat(s.get("new")).isCloseTo(0.5, within(0.02));
    latency("new", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 1.0);
    assertThat(shares(new LowestLatencyStrategy(ctx(o)), ds, selection(false, 10)).get("known"))
        .isEqualTo(1.0);
    time.advance(java.time.Duration.ofHours(2)); // both samples expire: no data, uniform again
    assertThat(shares(new LowestLatencyStrategy(ctx(o)), ds, selection(false, 10)).get("known"))
        .isCloseTo(0.5, within(0.02));
  }

  @Test
  void lowestLatencyUsesTimeToFirstTokenForStreams() {
    List<Deployment> ds = List.of(dep("a"), dep("b"));
    latency("a", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.01, 0.01, 0.01);
    latency("b", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.05, 0.05, 0.05);
    latency("a", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, 2.0, 2.0, 2.0);
    latency("b", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, 0.3, 0.3, 0.3);
    RoutingConfig o = RoutingConfig.custom().latencyExploration(0).build();
    assertThat(shares(new LowestLatencyStrategy(ctx(o)), ds, selection(false, 10)).get("a"))
        .isEqualTo(1.0);
    assertThat(shares(new LowestLatencyStrategy(ctx(o)), ds, selection(true, 10)).get("b"))
        .isEqualTo(1.0);
  }

  @Test
  void latencyWindowKeepsOnlyTheNewestSamples() {
    for (int i = 0; i < 20; i++) {
      store.recordLatency(
          "a", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, i < 10 ? 100 : 1, 10, 0);
    }
    RoutingStateStore.LatencyStats st =
        store.latency("a", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, 0, 1000);
    assertThat(st.samples()).isEqualTo(10);
    assertThat(st.mean()).isEqualTo(1.0);
    assertThat(st.median()).isEqualTo(1.0);
  }

  /**
   * Issue 16's root cause: the first call of a process (class loading, JIT, a new connection) took
   * 3.3 s on the 5 ms deployment, and a mean kept that deployment out of the pool for good (it then
   * only got exploration traffic, too little to dilute the outlier). The median ignores it.
   */
  @Test
  void oneColdOutlierDoesNotKeepTheFastestOut() {
    List<Deployment> ds = List.of(dep("fast"), dep("mid"), dep("slow"));
    // per output token (10 tokens): 3.3 s cold start, then 5 ms answers; 60 ms; 150 ms
    latency("fast", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.33, 0.0005, 0.0005);
    latency("mid", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.006, 0.006, 0.006);
    latency("slow", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, 0.015, 0.015, 0.015);
    RoutingConfig o = RoutingConfig.custom().latencyExploration(0).build();
    Map<String, Double> s = shares(new LowestLatencyStrategy(ctx(o)), ds, selection(false, 10));
    assertThat(s.get("fast")).isEqualTo(1.0);
    assertThat(
            store
                .latency(
                    "fast", RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, time.millis(), 1000)
                .mean())
        .as("the mean the strategy used to compare")
        .isGreaterThan(0.1);
  }

  /**
   * A full window of fast samples: the deployment stays the pick for at most {@code window / 2}
   * slow answers and has left the pool after {@code window / 2 + 1}.
   */
  @Test
  void aDeploymentThatTurnsSlowLeavesAfterHalfItsWindowOfSlowAnswers() {
    List<Deployment> ds = List.of(dep("a"), dep("b"));
    RoutingConfig o = RoutingConfig.custom().latencyExploration(0).build();
    LowestLatencyStrategy strategy = new LowestLatencyStrategy(ctx(o));
    for (int i = 0; i < 10; i++) {
      latency("a", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, 0.005);
    }
    latency("b", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, 0.060, 0.060, 0.060);
    int slowAnswers = 0;
    while (strategy.pick(ds, selection(true, 10)).id().equals("a")) {
      latency("a", RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, 0.300);
      slowAnswers++;
      assertThat(slowAnswers).isLessThanOrEqualTo(10 / 2 + 1);
    }
    // 5 slow of 10: median (0.005 + 0.300) / 2 is already far above 0.060 * 1.1
    assertThat(slowAnswers).isEqualTo(5);
  }

  @Test
  void leastBusyPicksFewestInFlightTiesAtRandom() {
    List<Deployment> ds = List.of(dep("a"), dep("b"), dep("c"));
    store.addInFlight("a", 1);
    store.addInFlight("a", 1);
    store.addInFlight("b", 1);
    store.addInFlight("c", 1);
    Map<String, Double> s =
        shares(new LeastBusyStrategy(ctx(RoutingConfig.ofDefaults())), ds, selection(false, 1));
    assertThat(s.get("a")).isZero();
    assertThat(s.get("b")).isCloseTo(0.5, within(0.02));
    assertThat(s.get("c")).isCloseTo(0.5, within(0.02));
  }

  @Test
  void lowestTpmRpmPicksLowestUsageAndSkipsThoseThisRequestWouldPushOver() {
    Deployment a = Deployment.builder("g", "p").model("a").id("a").tpm(1000).build();
    Deployment b = Deployment.builder("g", "p").model("b").id("b").tpm(1000).build();
    Deployment c = Deployment.builder("g", "p").model("c").id("c").rpm(3).build();
    var permitA = counters.tryAcquire(a, 900, false).permit();
    counters.tryAcquire(b, 300, false);
    counters.tryAcquire(c, 10, false);
    counters.tryAcquire(c, 10, false);
    RoutingStrategy s = new LowestTpmRpmStrategy(ctx(RoutingConfig.ofDefaults()));
    assertThat(shares(s, List.of(a, b, c), selection(false, 50)).get("c")).isEqualTo(1.0);
    counters.tryAcquire(c, 10, false); // c now at its rpm (3)
    assertThat(shares(s, List.of(a, b, c), selection(false, 50)).get("b")).isEqualTo(1.0);
    // a has more tokens than b; once equal, ties are broken at random
    counters.settle(permitA, 300); // the actual usage replaces a's estimate
    Map<String, Double> tie = shares(s, List.of(a, b), selection(false, 50));
    assertThat(tie.get("a")).isCloseTo(0.5, within(0.02));
  }

  @Test
  void lowestCostPicksTheCheapestForThisRequest() {
    Deployment cheapIn =
        Deployment.builder("g", "p")
            .model("x")
            .id("cheap-in")
            .inputCostPerToken(1e-6)
            .outputCostPerToken(10e-6)
            .build();
    Deployment cheapOut =
        Deployment.builder("g", "p")
            .model("y")
            .id("cheap-out")
            .inputCostPerToken(5e-6)
            .outputCostPerToken(2e-6)
            .build();
    RoutingStrategy s = new LowestCostStrategy(ctx(RoutingConfig.ofDefaults()));
    // long prompt, short answer: input price dominates
    RoutingStrategy.Selection longPrompt =
        new RoutingStrategy.Selection(
            "g",
            ChatCompletionRequest.builder()
                .model("g")
                .addMessage(ChatMessage.user("x"))
                .maxTokens(10)
                .build(),
            RequestContext.EMPTY,
            random,
            false,
            d -> 10_000);
    assertThat(shares(s, List.of(cheapIn, cheapOut), longPrompt).get("cheap-in")).isEqualTo(1.0);
    // short prompt, long answer: output price dominates
    RoutingStrategy.Selection longAnswer =
        new RoutingStrategy.Selection(
            "g",
            ChatCompletionRequest.builder()
                .model("g")
                .addMessage(ChatMessage.user("x"))
                .maxCompletionTokens(4000)
                .build(),
            RequestContext.EMPTY,
            random,
            false,
            d -> 10);
    assertThat(shares(s, List.of(cheapIn, cheapOut), longAnswer).get("cheap-out")).isEqualTo(1.0);
  }

  @Test
  void lowestCostUsesThePriceTableRanksUnknownPricesLastAndBreaksTiesAtRandom() {
    Deployment mini = Deployment.builder("g", "p").model("gpt-4o-mini").id("mini").build();
    Deployment big = Deployment.builder("g", "p").model("gpt-4o").id("big").build();
    Deployment unknown = Deployment.builder("g", "p").model("my-own-model").id("unknown").build();
    Deployment mini2 =
        Deployment.builder("g", "p").model("gpt-4o-mini-2024-07-18").id("mini2").build();
    RoutingStrategy last = new LowestCostStrategy(ctx(RoutingConfig.ofDefaults()));
    assertThat(shares(last, List.of(big, unknown, mini), selection(false, 100)).get("mini"))
        .isEqualTo(1.0);
    assertThat(shares(last, List.of(big, unknown), selection(false, 100)).get("big"))
        .isEqualTo(1.0);
    RoutingStrategy free =
        new LowestCostStrategy(
            ctx(RoutingConfig.custom().unknownPrice(RoutingConfig.UnknownPrice.FREE).build()));
    assertThat(shares(free, List.of(big, unknown, mini), selection(false, 100)).get("unknown"))
        .isEqualTo(1.0);
    Map<String, Double> tie = shares(last, List.of(mini, mini2), selection(false, 100));
    assertThat(tie.get("mini")).isCloseTo(0.5, within(0.02));
  }
}
