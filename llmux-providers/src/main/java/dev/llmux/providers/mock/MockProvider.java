package dev.llmux.providers.mock;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.FinishReason;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.Embedding;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.model.Model;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.Settings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code mock} provider; see {@link MockProviderFactory} for its settings. Thread-safe. */
final class MockProvider implements Provider {
  static final Set<String> SETTINGS =
      Set.of(
          "mode",
          "text",
          "latency",
          "failure_rate",
          "failure_status",
          "seed",
          "stream_chunks",
          "chunk_delay",
          "models");
  static final String DEFAULT_TEXT = "This is a mock response.";
  static final String ECHO_PREFIX = "Echo: ";
  static final long DEFAULT_SEED = 42;
  static final int DEFAULT_DIMENSIONS = 8;
  private static final int MAX_DIMENSIONS = 4096;

  private final ProviderConfig config;
  private final Clock clock;
  private final Waiter waiter;
  private final boolean echo;
  private final String text;
  private final Duration latency;
  private final double failureRate;
  private final int failureStatus;
  private final int streamChunks;
  private final Duration chunkDelay;
  private final List<Model> models;
  private final SplittableRandom random;
  private final AtomicLong ids = new AtomicLong();

  MockProvider(ProviderConfig config) {
    this(config, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  MockProvider(ProviderConfig config, Clock clock, Sleeper sleeper) {
    Settings s = Settings.of(config, SETTINGS);
    this.config = config;
    this.clock = clock;
    this.waiter = new Waiter(sleeper);
    String mode = s.string("mode", "echo").toLowerCase(Locale.ROOT);
    if (!mode.equals("echo") && !mode.equals("fixed")) {
      throw s.invalid("mode", "must be echo or fixed, got '" + mode + "'");
    }
    this.echo = mode.equals("echo");
    this.text = s.string("text", DEFAULT_TEXT);
    this.latency = s.duration("latency", Duration.ZERO);
    this.failureRate = s.number("failure_rate", 0);
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw s.invalid("failure_rate", "must be between 0 and 1, got " + failureRate);
    }
    long status = s.integer("failure_status", 500);
    if (status < 400 || status > 599) {
      throw s.invalid("failure_status", "must be an HTTP error status (400..599), got " + status);
    }
    this.failureStatus = (int) status;
    long chunks = s.integer("stream_chunks", 0);
    if (config.settings().containsKey("stream_chunks") && (chunks < 1 || chunks > 100_000)) {
      throw s.invalid("stream_chunks", "must be between 1 and 100000, got " + chunks);
    }
    this.streamChunks = (int) chunks;
    this.chunkDelay = s.duration("chunk_delay", Duration.ZERO);
    this.random = new SplittableRandom(s.integer("seed", DEFAULT_SEED));
    List<Model> listed = new ArrayList<>();
    for (String id : s.stringList("models")) {
      listed.add(Model.of(id, "llmux-mock"));
    }
    this.models = List.copyOf(listed);
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    waiter.await(latency, options.timeout(), "latency");
    maybeFail();
    Reply reply = reply(request);
    String id = "chatcmpl-mock-" + ids.incrementAndGet();
    ChatMessage message =
        reply.toolName == null
            ? ChatMessage.assistant(reply.text)
            : ChatMessage.assistant(
                null, List.of(ToolCall.function(callId(id), reply.toolName, "{}")));
    return ChatCompletionResponse.of(
        id,
        clock.instant().getEpochSecond(),
        request.model(),
        List.of(ChatChoice.of(0, message, reply.finishReason())),
        reply.usage);
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    waiter.await(latency, options.firstChunkTimeout(), "latency");
    maybeFail();
    Reply reply = reply(request);
    String id = "chatcmpl-mock-" + ids.incrementAndGet();
    long created = clock.instant().getEpochSecond();
    String model = request.model();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    if (reply.toolName == null) {
      chunks.add(
          chunk(
              id, created, model, new ChatDelta(Role.ASSISTANT, "", null, null, null, null), null));
      for (String piece : split(reply.text)) {
        chunks.add(chunk(id, created, model, ChatDelta.content(piece), null));
      }
    } else {
      chunks.add(chunk(id, created, model, ChatDelta.role(Role.ASSISTANT), null));
      chunks.add(
          chunk(
              id,
              created,
              model,
              ChatDelta.toolCalls(List.of(ToolCall.delta(0, callId(id), reply.toolName, ""))),
              null));
      chunks.add(
          chunk(
              id,
              created,
              model,
              ChatDelta.toolCalls(List.of(ToolCall.delta(0, null, null, "{}"))),
              null));
    }
    chunks.add(chunk(id, created, model, ChatDelta.EMPTY, reply.finishReason()));
    chunks.add(ChatCompletionChunk.usageChunk(id, created, model, reply.usage));
    return new MockChunkStream(List.copyOf(chunks), waiter, chunkDelay, options.timeout());
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    waiter.await(latency, options.timeout(), "latency");
    maybeFail();
    int dims = request.dimensions() == null ? DEFAULT_DIMENSIONS : request.dimensions();
    if (dims < 1 || dims > MAX_DIMENSIONS) {
      throw new BadRequestException(
          "dimensions must be between 1 and " + MAX_DIMENSIONS + ", got " + dims, "dimensions");
    }
    boolean base64 = "base64".equals(request.encodingFormat());
    List<Object> items = request.inputItems();
    if (items.isEmpty()) {
      throw new BadRequestException("input must not be empty", "input");
    }
    List<Embedding> data = new ArrayList<>(items.size());
    int tokens = 0;
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String key;
      if (item instanceof List<?> tokenIds) {
        tokens += tokenIds.size();
        key = tokenIds.toString();
      } else {
        key = String.valueOf(item);
        tokens += words(key);
      }
      double[] vector = vector(key, dims);
      data.add(new Embedding("embedding", i, base64 ? base64(vector) : boxed(vector), null));
    }
    return EmbeddingResponse.of(data, request.model(), Usage.of(tokens, 0));
  }

  @Override
  public ModelList listModels(CallOptions options) {
    return ModelList.of(models);
  }

  /** What to answer: a text, or a call of the named tool; and the usage. */
  private record Reply(String text, String toolName, Usage usage) {
    String finishReason() {
      return toolName == null ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    }
  }

  private Reply reply(ChatCompletionRequest request) {
    int prompt = 0;
    String lastUser = "";
    for (ChatMessage m : request.messages()) {
      String t = m.text();
      if (t != null) {
        prompt += words(t);
        if (Role.USER.equals(m.role())) {
          lastUser = t;
        }
      }
    }
    String tool = forcedTool(request);
    if (tool != null) {
      return new Reply(null, tool, Usage.of(prompt, 1));
    }
    String answer = echo ? ECHO_PREFIX + lastUser : text;
    return new Reply(answer, null, Usage.of(prompt, words(answer)));
  }

  /**
   * The tool the request forces (tool_choice required: the first; a named choice: that one), or
   * null.
   */
  private static String forcedTool(ChatCompletionRequest request) {
    List<Tool> tools = request.tools();
    ToolChoice choice = request.toolChoice();
    if (tools == null || tools.isEmpty() || choice == null) {
      return null;
    }
    if (choice.isNamed()) {
      for (Tool t : tools) {
        if (t.function() != null && choice.functionName().equals(t.function().name())) {
          return t.function().name();
        }
      }
      throw new BadRequestException(
          "Invalid value for 'tool_choice': function '"
              + choice.functionName()
              + "' not found in 'tools'",
          "tool_choice");
    }
    if (ToolChoice.REQUIRED.equals(choice)) {
      Tool first = tools.get(0);
      if (first.function() == null) {
        throw new BadRequestException("tool_choice 'required' needs a function tool", "tools");
      }
      return first.function().name();
    }
    return null;
  }

  private static String callId(String completionId) {
    return "call_mock_" + completionId.substring(completionId.lastIndexOf('-') + 1);
  }

  private static ChatCompletionChunk chunk(
      String id, long created, String model, ChatDelta delta, String finish) {
    return ChatCompletionChunk.of(id, created, model, List.of(ChunkChoice.of(0, delta, finish)));
  }

  /** Splits a reply into {@code stream_chunks} nearly equal pieces, or one piece per word. */
  List<String> split(String reply) {
    List<String> pieces = new ArrayList<>();
    if (reply.isEmpty()) {
      return pieces;
    }
    if (streamChunks > 0) {
      int[] cps = reply.codePoints().toArray();
      int n = Math.min(streamChunks, cps.length);
      for (int i = 0; i < n; i++) {
        int from = (int) ((long) cps.length * i / n);
        int to = (int) ((long) cps.length * (i + 1) / n);
        pieces.add(new String(cps, from, to - from));
      }
      return pieces;
    }
    int start = 0;
    int i = 0;
    int len = reply.length();
    while (i < len) {
      while (i < len && Character.isWhitespace(reply.charAt(i))) {
        i++;
      }
      while (i < len && !Character.isWhitespace(reply.charAt(i))) {
        i++;
      }
      pieces.add(reply.substring(start, i));
      start = i;
    }
    return pieces;
  }

  /** Counts whitespace-separated words. */
  static int words(String s) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      boolean space = Character.isWhitespace(s.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  private void maybeFail() {
    if (failureRate <= 0) {
      return;
    }
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    if (draw < failureRate) {
      throw ErrorMapper.fromHttp(failureStatus, syntheticError(), name -> null);
    }
  }

  private String syntheticError() {
    String type;
    String code = "null";
    if (failureStatus == 429) {
      type = "requests";
      code = "\"rate_limit_exceeded\"";
    } else if (failureStatus >= 500) {
      type = "server_error";
    } else {
      type = "invalid_request_error";
    }
    return "{\"error\":{\"message\":\"mock provider '"
        + config.name().replace("\"", "'")
        + "' injected a failure (HTTP "
        + failureStatus
        + ")\",\"type\":\""
        + type
        + "\",\"param\":null,\"code\":"
        + code
        + "}}";
  }

  /** A deterministic unit vector for {@code key}. */
  static double[] vector(String key, int dims) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    SplittableRandom r = new SplittableRandom(hash);
    double[] v = new double[dims];
    double norm = 0;
    for (int i = 0; i < dims; i++) {
      v[i] = r.nextDouble(-1, 1);
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < dims; i++) {
      v[i] = norm == 0 ? 0 : v[i] / norm;
    }
    return v;
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  /** OpenAI's base64 encoding: little-endian float32 values. */
  private static String base64(double[] v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      buf.putFloat((float) d);
    }
    return Base64.getEncoder().encodeToString(buf.array());
  }

  @Override
  public String toString() {
    return "MockProvider[" + config + "]";
  }

  /** Waits simulated durations, turning a wait longer than the timeout into a timeout failure. */
  static final class Waiter {
    private final Sleeper sleeper;

    Waiter(Sleeper sleeper) {
      this.sleeper = sleeper;
    }

    void await(Duration wait, Duration timeout, String what) {
      if (wait.isZero()) {
        return;
      }
      boolean late = wait.compareTo(timeout) > 0;
      try {
        sleeper.sleep(late ? timeout : wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectionException("interrupted while waiting for the mock upstream", e);
      }
      if (late) {
        throw new LlmTimeoutException(
            "mock upstream timed out: "
                + what
                + " "
                + wait.toMillis()
                + " ms exceeds the timeout of "
                + timeout.toMillis()
                + " ms");
      }
    }
  }
}
