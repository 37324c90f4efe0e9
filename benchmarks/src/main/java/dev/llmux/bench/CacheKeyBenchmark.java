package dev.llmux.bench;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheStore;
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
 * A chat call answered from the response cache ({@link CacheStore#inMemory}), through the public
 * API: the cache key (the request as a JSON tree, canonical SHA-256), the store read and the
 * decoding of the stored response, plus the router's fixed cost of a call (see {@link
 * RouterCallBenchmark}). The key dominates for the large request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheKeyBenchmark {

  @Param({"small", "large"})
  public String size;

  private LlmRouter router;
  private ChatCompletionRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    router =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "fixed")))
            .deployment(Deployment.builder("gpt-4o-mini", "mock").model("gpt-4o-mini").build())
            .cache(CacheStore.inMemory(1_000, 1 << 24))
            .build();
    request = Json.read(Payloads.chatRequest("large".equals(size)), ChatCompletionRequest.class);
    router.chat(request); // stores the answer: every measured call is a hit
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    router.close();
  }

  @Benchmark
  public RouteResult<ChatCompletionResponse> chatHit() {
    return router.chat(request);
  }
}
