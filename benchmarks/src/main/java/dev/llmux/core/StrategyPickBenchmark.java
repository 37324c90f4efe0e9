package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.spi.RoutingStrategy;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing pick: {@link RoutingStrategy#pick} over 2, 10 or 100 healthy candidates, for each
 * built-in strategy, with the router's own state (latency samples and in-flight counts recorded
 * through the strategy callbacks beforehand). In package {@code dev.llmux.core} only to reach the
 * router's strategy instance; the pick itself is the public SPI call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StrategyPickBenchmark {

  @Param({"simple-shuffle", "round-robin", "lowest-latency", "least-busy", "lowest-tpm-rpm", "lowest-cost"})
  public String strategy;

  @Param({"2", "10", "100"})
  public int deployments;

  private LlmRouter router;
  private RoutingStrategy picker;
  private List<Deployment> candidates;
  private RoutingStrategy.Selection selection;

  @Setup(Level.Trial)
  public void setUp() throws ReflectiveOperationException {
    LlmRouter.Builder b = LlmRouter.builder()
        .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "fixed")))
        .strategy(strategy);
    for (int i = 0; i < deployments; i++) {
      b.deployment(Deployment.builder("g", "mock").id("d" + i).model("gpt-4o-mini").build());
    }
    router = b.build();
    Field f = LlmRouter.class.getDeclaredField("routing");
    f.setAccessible(true);
    picker = ((RouterRouting) f.get(router)).strategy;
    candidates = List.copyOf(router.deployments());
    RandomGenerator random = new SplittableRandom(42);
    ChatCompletionRequest request = ChatCompletionRequest.of("g", ChatMessage.user("Say hello in one short sentence."));
    selection = new RoutingStrategy.Selection("g", request, RequestContext.EMPTY, random, false, d -> 12);
    // some history, as a router that has served a while has
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < candidates.size(); i++) {
        Deployment d = candidates.get(i);
        picker.onAttemptStart(d);
        picker.onAttemptEnd(d, 1_000_000L * (5 + (i * 7 + round) % 40), true);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public Deployment pick() {
    return picker.pick(candidates, selection);
  }
}
