package dev.llmux.bench;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.redis.RedisStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
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
import redis.embedded.RedisServer;

/**
 * A full {@link LlmRouter#chat} call against the built-in {@code mock} provider with no latency,
 * with a user rpm/tpm limit and a user budget (all far from exhausted), kept once in the in-memory
 * stores ({@code local}) and once in {@link RedisStores} against a redis-server on 127.0.0.1
 * started from the binary the embedded-redis artifact ships ({@code redis}). The difference is the
 * added latency per request of Redis-backed limits against local ones: six round trips (user limits
 * acquire and settle, budget reserve and settle, and the deployment's request/token counters, which
 * live in the same counter store, acquire and settle).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisLimitsBenchmark {

  @Param({"local", "redis"})
  public String stores;

  private RedisServer server;
  private RedisStores redis;
  private LlmRouter router;
  private ChatCompletionRequest request;
  private RequestContext user;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    GovernanceConfig.Builder g =
        GovernanceConfig.builder()
            .limits(
                dev.llmux.core.governance.Scope.USER,
                "u1",
                RateLimits.NONE.withRpm(1_000_000_000L).withTpm(1_000_000_000_000L))
            .budget(dev.llmux.core.governance.Scope.USER, "u1", Budget.of("1000000000"));
    if (stores.equals("redis")) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      server =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      server.start();
      redis =
          RedisStores.builder()
              .url("redis://127.0.0.1:" + port)
              .namespace("bench")
              .timeout(Duration.ofSeconds(1))
              .build();
      g.counterStore(redis.counterStore()).spendStore(redis.spendStore());
    }
    router =
        LlmRouter.builder()
            .provider(new ProviderConfig("mock", "mock", null, null, Map.of("mode", "fixed")))
            .deployment(
                Deployment.builder("gpt-4o-mini", "mock").id("d0").model("gpt-4o-mini").build())
            .governance(g.build())
            .build();
    request =
        ChatCompletionRequest.of(
            "gpt-4o-mini", ChatMessage.user("Say hello in one short sentence."));
    user = RequestContext.builder().userId("u1").build();
    router.chat(request, user); // fails here, not in the measurement, if anything is misconfigured
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    router.close();
    if (redis != null) {
      redis.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Benchmark
  public RouteResult<ChatCompletionResponse> chat() {
    return router.chat(request, user);
  }
}
