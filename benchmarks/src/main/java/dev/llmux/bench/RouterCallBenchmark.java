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
 * A full in-process {@link LlmRouter#chat} call against the built-in {@code mock} provider with no
 * latency: the router's own cost per call (resolve, admission, candidates, pick, attempt, settle,
 * cost, telemetry). Run with {@code -prof gc} for allocations per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterCallBenchmark {

  @Param({"1", "10"})
  public int deployments;

  private LlmRouter router;
  private ChatCompletionRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    LlmRouter.Builder b =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "fixed")));
    for (int i = 0; i < deployments; i++) {
      b.deployment(
          Deployment.builder("gpt-4o-mini", "mock").id("d" + i).model("gpt-4o-mini").build());
    }
    router = b.build();
    request =
        ChatCompletionRequest.of(
            "gpt-4o-mini", ChatMessage.user("Say hello in one short sentence."));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public RouteResult<ChatCompletionResponse> chat() {
    return router.chat(request);
  }
}
