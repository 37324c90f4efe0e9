package dev.llmux.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.core.internal.cache.CanonicalJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The response cache's key for a chat request: the request as a JSON tree, then a canonical
 * SHA-256 of it (what {@code ResponseCache.chatKey} does, minus the prefix concatenation).
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

  private ChatCompletionRequest request;

  @Setup
  public void setUp() {
    request = Json.read(dev.llmux.bench.Payloads.chatRequest("large".equals(size)), ChatCompletionRequest.class);
  }

  @Benchmark
  public String chatKey() {
    ObjectNode tree = Json.mapper().valueToTree(request);
    return CanonicalJson.sha256(tree, "gpt-4o-mini");
  }
}
