package dev.llmux.facade;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.Embedding;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BudgetExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written provider whose behaviour depends on the upstream model name: {@code ok} answers;
 * {@code err-*} throws the matching error; for streams {@code ok} sends {@link #STREAM_TEXTS},
 * {@code mid-fail} fails after its first chunk, {@code slow} sends a chunk every {@link
 * #slowInterval} until closed (at most 200 chunks), {@code slow-finite} sends 5 chunks {@link
 * #slowInterval} apart. Records requests and closed streams.
 */
final class FakeProvider implements Provider {
  /** Characters in the answer of the {@code huge} model. */
  static final int HUGE = 16 * 1024 * 1024;

  static final List<String> STREAM_TEXTS = List.of("Hel", "lo", "!");

  private final ProviderConfig config;
  final List<Object> requests = Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch slowStreamClosed = new CountDownLatch(1);
  volatile Duration slowInterval = Duration.ofMillis(50);

  /** A {@code slow-finite} stream waits here (at most 30 s) before its last chunk. */
  volatile CountDownLatch finiteGate = new CountDownLatch(0);

  volatile Duration chatDelay = Duration.ZERO;

  FakeProvider(String name) {
    this.config = ProviderConfig.of(name, "fake", null, null);
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  static LlmException errorFor(String model) {
    switch (model) {
      case "err-ratelimit":
        return new RateLimitException(
            "Rate limit reached for fake", Duration.ofMillis(1500), 429, null);
      case "err-budget":
        return new BudgetExceededException(
            "key:test", new BigDecimal("1.00"), new BigDecimal("1.25"), null, null);
      case "err-500":
        return new UpstreamServerException("upstream said: internal failure", 500, null);
      case "err-503":
        return new UpstreamServerException("upstream said: overloaded", 503, null);
      case "err-timeout":
        return new LlmTimeoutException("upstream took too long");
      case "err-auth":
        return new AuthenticationException("upstream rejected the key");
      default:
        return null;
    }
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    requests.add(request);
    LlmException e = errorFor(request.model());
    if (e != null) {
      throw e;
    }
    if (!chatDelay.isZero()) {
      try {
        Thread.sleep(chatDelay.toMillis());
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    String text =
        request.model().equals("huge") ? "x".repeat(HUGE) : "Hello from " + request.model();
    return ChatCompletionResponse.of(
        "chatcmpl-1",
        1_700_000_000L,
        request.model(),
        List.of(ChatChoice.of(0, ChatMessage.assistant(text), "stop")),
        Usage.of(9, 3));
  }

  static ChatCompletionChunk chunk(String model, ChatDelta delta, String finish) {
    return ChatCompletionChunk.of(
        "chatcmpl-s", 1_700_000_000L, model, List.of(ChunkChoice.of(0, delta, finish)));
  }

  /** The chunks the {@code ok} stream sends (without the usage chunk). */
  static List<ChatCompletionChunk> okChunks(String model) {
    List<ChatCompletionChunk> out = new ArrayList<>();
    out.add(chunk(model, ChatDelta.role("assistant"), null));
    for (String t : STREAM_TEXTS) {
      out.add(chunk(model, ChatDelta.content(t), null));
    }
    out.add(chunk(model, ChatDelta.EMPTY, "stop"));
    return out;
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    requests.add(request);
    String model = request.model();
    LlmException e = errorFor(model);
    if (e != null) {
      throw e;
    }
    switch (model) {
      case "mid-fail":
        {
          List<Object> events = new ArrayList<>();
          events.add(chunk(model, ChatDelta.role("assistant"), null));
          events.add(
              new UpstreamServerException("upstream connection reset mid-stream", null, null));
          return new ListStream(events);
        }
      case "slow":
        return new SlowStream(model, 200, true);
      case "slow-finite":
        return new SlowStream(model, 5, false);
      default:
        {
          List<Object> events = new ArrayList<>(okChunks(model));
          events.add(
              ChatCompletionChunk.usageChunk("chatcmpl-s", 1_700_000_000L, model, Usage.of(9, 3)));
          return new ListStream(events);
        }
    }
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    requests.add(request);
    LlmException e = errorFor(request.model());
    if (e != null) {
      throw e;
    }
    List<Embedding> data = new ArrayList<>();
    for (int i = 0; i < request.inputItems().size(); i++) {
      data.add(Embedding.of(i, List.of(0.25, -0.5, 1.0)));
    }
    return EmbeddingResponse.of(data, request.model(), Usage.of(4, 0));
  }

  @Override
  public ModelList listModels(CallOptions options) {
    return ModelList.of(List.of());
  }

  /** A fixed list of chunks; an LlmException in the list is thrown when reached. */
  static final class ListStream implements ChunkStream {
    private final List<Object> events;
    private int i;
    private volatile boolean closed;

    ListStream(List<Object> events) {
      this.events = events;
    }

    @Override
    public boolean hasNext() {
      if (closed || i >= events.size()) {
        return false;
      }
      if (events.get(i) instanceof LlmException e) {
        i++;
        throw e;
      }
      return true;
    }

    @Override
    public ChatCompletionChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return (ChatCompletionChunk) events.get(i++);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Sends chunks {@link #slowInterval} apart, blocking in between; close() wakes it at once. */
  final class SlowStream implements ChunkStream {
    private final String model;
    private final int max;
    private final boolean recordClose;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private int sent;

    SlowStream(String model, int max, boolean recordClose) {
      this.model = model;
      this.max = max;
      this.recordClose = recordClose;
    }

    @Override
    public boolean hasNext() {
      if (closedLatch.getCount() == 0 || sent >= max) {
        return false;
      }
      if (sent > 0) {
        try {
          if (closedLatch.await(slowInterval.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
          }
          if (!recordClose && sent == max - 1) {
            finiteGate.await(30, TimeUnit.SECONDS);
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }

    @Override
    public ChatCompletionChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      sent++;
      return chunk(model, ChatDelta.content("t" + sent), null);
    }

    @Override
    public void close() {
      closedLatch.countDown();
      if (recordClose) {
        slowStreamClosed.countDown();
      }
    }
  }
}
