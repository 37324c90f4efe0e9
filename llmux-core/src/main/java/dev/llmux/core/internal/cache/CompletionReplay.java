package dev.llmux.core.internal.cache;

import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.RouteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Streamed legacy completions in the response cache, which stores whole {@link CompletionResponse}s
 * (shared with plain completions): a stream is assembled as it passes ({@link Assembler}); a hit is
 * replayed as one chunk per choice and a usage chunk when asked ({@link #stream}).
 */
public final class CompletionReplay {
  private CompletionReplay() {}

  /** A stored completion served as a stream. */
  public static CompletionStream stream(
      CompletionResponse stored, boolean withUsage, RouteResult<Void> result) {
    List<CompletionResponse> chunks = new ArrayList<>();
    for (CompletionResponse.Choice c : stored.choices()) {
      chunks.add(
          new CompletionResponse(
              stored.id(),
              CompletionResponse.OBJECT,
              stored.created(),
              stored.model(),
              List.of(c),
              null,
              stored.systemFingerprint(),
              Map.of()));
    }
    if (withUsage && stored.usage() != null) {
      chunks.add(
          new CompletionResponse(
              stored.id(),
              CompletionResponse.OBJECT,
              stored.created(),
              stored.model(),
              List.of(),
              stored.usage(),
              stored.systemFingerprint(),
              Map.of()));
    }
    return new Replayed(chunks, result);
  }

  /** Collects a stream's chunks into the completion they make. Not thread-safe. */
  public static final class Assembler {
    private final Map<Integer, StringBuilder> texts = new TreeMap<>();
    private final Map<Integer, String> finishes = new TreeMap<>();
    private boolean started;
    private @Nullable String id;
    private @Nullable String model;
    private @Nullable String fingerprint;
    private long created;

    public void add(CompletionResponse chunk) {
      if (!started) {
        started = true;
        id = chunk.id();
        model = chunk.model();
        created = chunk.created();
        fingerprint = chunk.systemFingerprint();
      }
      for (CompletionResponse.Choice c : chunk.choices()) {
        if (c.text() != null) {
          texts.computeIfAbsent(c.index(), i -> new StringBuilder()).append(c.text());
        }
        if (c.finishReason() != null) {
          finishes.put(c.index(), c.finishReason());
          texts.computeIfAbsent(c.index(), i -> new StringBuilder());
        }
      }
    }

    /** The whole completion, with {@code usage}. */
    public CompletionResponse build(@Nullable Usage usage) {
      List<CompletionResponse.Choice> choices = new ArrayList<>();
      texts.forEach(
          (i, t) ->
              choices.add(
                  new CompletionResponse.Choice(t.toString(), i, null, finishes.get(i), Map.of())));
      return new CompletionResponse(
          id, CompletionResponse.OBJECT, created, model, choices, usage, fingerprint, Map.of());
    }
  }

  private static final class Replayed implements CompletionStream {
    private final List<CompletionResponse> chunks;
    private final RouteResult<Void> result;
    private int next;
    private boolean closed;

    Replayed(List<CompletionResponse> chunks, RouteResult<Void> result) {
      this.chunks = List.copyOf(chunks);
      this.result = result;
    }

    @Override
    public boolean hasNext() {
      return !closed && next < chunks.size();
    }

    @Override
    public CompletionResponse next() {
      if (!hasNext()) {
        throw new NoSuchElementException("stream has ended");
      }
      return chunks.get(next++);
    }

    @Override
    public RouteResult<Void> result() {
      return result;
    }

    @Override
    public boolean isDone() {
      return closed || next >= chunks.size();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
