package dev.llmux.bench;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
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

/** Request parse and serialize, response parse and serialize, with LLMux's records and mapper. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBenchmark {

  @Param({"small", "large"})
  public String size;

  private byte[] requestBytes;
  private ChatCompletionRequest request;
  private byte[] responseBytes;
  private ChatCompletionResponse response;

  @Setup
  public void setUp() {
    requestBytes = Payloads.chatRequest("large".equals(size));
    request = Json.read(requestBytes, ChatCompletionRequest.class);
    responseBytes = Payloads.chatResponse();
    response = Json.read(responseBytes, ChatCompletionResponse.class);
  }

  @Benchmark
  public ChatCompletionRequest parseRequest() {
    return Json.read(requestBytes, ChatCompletionRequest.class);
  }

  @Benchmark
  public byte[] serializeRequest() {
    return Json.writeBytes(request);
  }

  @Benchmark
  public ChatCompletionResponse parseResponse() {
    return Json.read(responseBytes, ChatCompletionResponse.class);
  }

  @Benchmark
  public byte[] serializeResponse() {
    return Json.writeBytes(response);
  }
}
