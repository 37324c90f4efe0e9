package dev.llmux.bench;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * One routed call per built-in strategy over a group of 2, 10 or 100 deployments on the no-latency
 * {@code mock} provider, through the public API: candidate selection and the strategy's pick, on
 * top of the router's fixed cost of a call ({@link RouterCallBenchmark} measures that alone at 1
 * and 10 deployments). The strategies keep their own state (latency samples, in-flight counts,
 * usage) from the calls made during warm-up, as a router that has served a while has.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StrategyPickBenchmark {

  @Param({
    "simple-shuffle",
    "round-robin",
    "lowest-latency",
    "least-busy",
    "lowest-tpm-rpm",
    "lowest-cost"
  })
  public String strategy;

  @Param({"2", "10", "100"})
  public int deployments;

  private LlmRouter router;
  private ChatCompletionRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    LlmRouter.Builder b =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "fixed")))
            .strategy(strategy);
    for (int i = 0; i < deployments; i++) {
      // distinct prices, so that lowest-cost has something to rank
      b.deployment(
          Deployment.builder("g", "mock")
              .id("d" + i)
              .model("gpt-4o-mini")
              .inputCostPerToken(1e-7 * (1 + i % 7))
              .outputCostPerToken(4e-7 * (1 + i % 5))
              .build());
    }
    router = b.build();
    request = ChatCompletionRequest.of("g", ChatMessage.user("Say hello in one short sentence."));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public RouteResult<ChatCompletionResponse> pick() {
    return router.chat(request);
  }
}
