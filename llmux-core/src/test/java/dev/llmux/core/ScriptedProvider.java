package dev.llmux.core;

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
import dev.llmux.api.error.LlmException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A provider whose answers are scripted per upstream model: each call takes the next step of that
 * model's script (an error to throw, or success); an empty script answers with success. Records
 * every call.
 */
public final class ScriptedProvider implements Provider {
  /** A recorded call: upstream model and the request sent. */
  public record Call(String model, Object request, CallOptions options) {}

  private final ProviderConfig config;
  private final Map<String, Deque<Supplier<LlmException>>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Deque<StreamScript>> streamScripts = new ConcurrentHashMap<>();
  public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  public volatile boolean closed;

  /** A scripted stream: chunks to deliver, then an optional error instead of a normal end. */
  public record StreamScript(List<String> texts, boolean usage, LlmException errorAfter) {}

  public ScriptedProvider(String name) {
    this(ProviderConfig.of(name, "scripted", null, null));
  }

  public ScriptedProvider(ProviderConfig config) {
    this.config = config;
  }

  /** Queues steps for {@code model}: {@code null} = succeed, else throw the supplied error. */
  @SafeVarargs
  public final ScriptedProvider script(String model, Supplier<LlmException>... steps) {
    Deque<Supplier<LlmException>> q = scripts.computeIfAbsent(model, k -> new ArrayDeque<>());
    for (Supplier<LlmException> s : steps) {
      q.add(s == null ? () -> null : s);
    }
    return this;
  }

  public ScriptedProvider streamScript(String model, StreamScript s) {
    streamScripts.computeIfAbsent(model, k -> new ArrayDeque<>()).add(s);
    return this;
  }

  public int callsTo(String model) {
    synchronized (calls) {
      return (int) calls.stream().filter(c -> c.model().equals(model)).count();
    }
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  private void step(String model) {
    Deque<Supplier<LlmException>> q = scripts.get(model);
    Supplier<LlmException> s = q == null ? null : q.poll();
    LlmException e = s == null ? null : s.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    calls.add(new Call(request.model(), request, options));
    step(request.model());
    return ChatCompletionResponse.of(
        "chatcmpl-" + calls.size(),
        1,
        request.model(),
        List.of(
            ChatChoice.of(
                0, ChatMessage.assistant("from " + config.name() + ":" + request.model()), "stop")),
        Usage.of(10, 5));
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    calls.add(new Call(request.model(), request, options));
    step(request.model());
    Deque<StreamScript> q = streamScripts.get(request.model());
    StreamScript script =
        q == null || q.isEmpty() ? new StreamScript(List.of("a", "b"), true, null) : q.poll();
    List<Object> events = new ArrayList<>();
    events.add(chunk(request.model(), ChatDelta.role("assistant"), null));
    for (String t : script.texts()) {
      events.add(chunk(request.model(), ChatDelta.content(t), null));
    }
    if (script.errorAfter() != null) {
      events.add(script.errorAfter());
    } else {
      events.add(chunk(request.model(), ChatDelta.EMPTY, "stop"));
      if (script.usage()) {
        events.add(
            ChatCompletionChunk.usageChunk(
                "c", 1, request.model(), Usage.of(7, script.texts().size())));
      }
    }
    return new ListStream(events);
  }

  private static ChatCompletionChunk chunk(String model, ChatDelta delta, String finish) {
    return ChatCompletionChunk.of("c", 1, model, List.of(ChunkChoice.of(0, delta, finish)));
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    calls.add(new Call(request.model(), request, options));
    step(request.model());
    return EmbeddingResponse.of(
        List.of(Embedding.of(0, List.of(0.1, 0.2))), request.model(), Usage.of(3, 0));
  }

  @Override
  public ModelList listModels(CallOptions options) {
    return ModelList.of(List.of());
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Delivers chunks and throws an error event when it reaches one. */
  static final class ListStream implements ChunkStream {
    private final Deque<Object> events;
    volatile boolean closed;

    ListStream(List<Object> events) {
      this.events = new ArrayDeque<>(events);
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      Object head = events.peek();
      if (head instanceof LlmException e) {
        events.poll();
        throw e;
      }
      return head != null;
    }

    @Override
    public ChatCompletionChunk next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return (ChatCompletionChunk) events.poll();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
