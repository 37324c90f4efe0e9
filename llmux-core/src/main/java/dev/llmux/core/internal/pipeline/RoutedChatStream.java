package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.core.ChatStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.TokenCounter;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stream handed to the caller once the first chunk arrived. Passes chunks through, tracks usage
 * (the provider's usage chunk, or an estimate from the streamed text), strips the usage chunk when
 * the caller did not ask for it (LLMux always asks upstream so it can account), and synthesizes one
 * when the caller asked but the upstream sent none. Failures are rethrown, never swallowed.
 */
final class RoutedChatStream implements ChatStream {
  private final ChunkStream upstream;
  private final boolean callerWantsUsage;
  private final int promptEstimate;
  private final Ticker ticker;
  private final long startNanos;
  private final Duration timeToFirstToken;
  private final RouteResultFactory results;
  private final StreamObserver<ChatCompletionChunk> observer;
  private final TokenCounter.Kind tokenizer;
  private final StringBuilder completionText = new StringBuilder();
  private volatile @Nullable Throwable failure;
  private volatile boolean cancelled;
  private final java.util.concurrent.atomic.AtomicBoolean ended =
      new java.util.concurrent.atomic.AtomicBoolean();

  private @Nullable ChatCompletionChunk unprocessedFirst;
  private @Nullable ChatCompletionChunk pending;
  private @Nullable Usage usage;
  private int completionChars;
  private @Nullable String lastId;
  private @Nullable String lastModel;
  private long lastCreated;
  private boolean usageEmitted;
  private volatile boolean done;
  private volatile @Nullable RouteResult<Void> finalResult;

  /** Builds the {@link RouteResult} for the stream from its final usage and latency. */
  @FunctionalInterface
  interface RouteResultFactory {
    RouteResult<Void> make(@Nullable Usage usage, Duration latency, Duration timeToFirstToken);
  }

  /**
   * Most completion text kept for counting when the provider reports no usage; beyond it, chars/4.
   */
  private static final int MAX_COUNTED_CHARS = 1 << 20;

  RoutedChatStream(
      ChunkStream upstream,
      ChatCompletionChunk first,
      boolean callerWantsUsage,
      int promptEstimate,
      TokenCounter.Kind tokenizer,
      Ticker ticker,
      long startNanos,
      Duration timeToFirstToken,
      RouteResultFactory results,
      StreamObserver<ChatCompletionChunk> observer) {
    this.upstream = upstream;
    this.unprocessedFirst = first;
    this.callerWantsUsage = callerWantsUsage;
    this.promptEstimate = promptEstimate;
    this.tokenizer = tokenizer;
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.timeToFirstToken = timeToFirstToken;
    this.results = results;
    this.observer = observer;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      while (true) {
        ChatCompletionChunk c;
        if (unprocessedFirst != null) {
          c = unprocessedFirst;
          unprocessedFirst = null;
        } else if (upstream.hasNext()) {
          c = upstream.next();
        } else {
          break;
        }
        ChatCompletionChunk out = observe(c);
        if (out != null) {
          pending = out;
          return true;
        }
      }
    } catch (RuntimeException e) {
      if (cancelled) {
        return false; // closed from another thread while we waited: the end, not an error
      }
      LlmException le =
          e instanceof LlmException l ? l : new ConnectionException("stream failed: " + e, e);
      fail(le);
      throw le;
    }
    if (cancelled) {
      return false;
    }
    if (callerWantsUsage && !usageEmitted) {
      usageEmitted = true;
      pending = ChatCompletionChunk.usageChunk(lastId, lastCreated, lastModel, finalUsage());
      return true;
    }
    finish();
    return false;
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw ChatStream.ended();
    }
    ChatCompletionChunk c = Objects.requireNonNull(pending); // hasNext() set it
    pending = null;
    return c;
  }

  /** Accounts for {@code c}; returns what the caller should see, or {@code null} to skip it. */
  private synchronized @Nullable ChatCompletionChunk observe(ChatCompletionChunk c) {
    observer.onItem(c);
    lastId = c.id();
    lastModel = c.model();
    lastCreated = c.created();
    for (ChunkChoice choice : c.choices()) {
      if (choice.delta() != null) {
        keep(choice.delta().content());
        keep(choice.delta().reasoningContent());
        if (choice.delta().toolCalls() != null) {
          for (ToolCall tc : choice.delta().toolCalls()) {
            if (tc.function() != null) {
              keep(tc.function().name());
              keep(tc.function().arguments());
            }
          }
        }
      }
    }
    if (c.usage() != null) {
      usage = c.usage();
      if (callerWantsUsage) {
        usageEmitted = true;
        return c;
      }
      return c.choices().isEmpty() ? null : c.withUsage(null);
    }
    return c;
  }

  /** Keeps streamed text for counting, once usage is known not needed no more. */
  private void keep(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return;
    }
    if (usage == null && completionText.length() + s.length() <= MAX_COUNTED_CHARS) {
      completionText.append(s);
    } else {
      completionChars += s.length();
    }
  }

  private Usage finalUsage() {
    if (usage != null) {
      return usage;
    }
    int counted = TokenCounter.text(tokenizer, completionText.toString());
    return Usage.of(promptEstimate, counted + (completionChars + 3) / 4);
  }

  /** Ends the stream once, whichever thread gets here first (the consumer, or a closer). */
  private void finish() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    done = true;
    try {
      upstream.close();
    } finally {
      RouteResult<Void> r;
      synchronized (this) { // observe() runs under the same lock on the consumer's thread
        r =
            results.make(
                finalUsage(), Duration.ofNanos(ticker.read() - startNanos), timeToFirstToken);
      }
      finalResult = r;
      observer.onEnd(r, failure, cancelled);
    }
  }

  private void fail(Throwable e) {
    pending = null;
    failure = e;
    finish();
  }

  @Override
  public RouteResult<Void> result() {
    RouteResult<Void> r = finalResult;
    if (r != null) {
      return r;
    }
    return results.make(usage, Duration.ofNanos(ticker.read() - startNanos), timeToFirstToken);
  }

  @Override
  public boolean isDone() {
    return done;
  }

  /**
   * Ends the stream and cancels the upstream call. Safe from any thread: a consumer blocked in
   * {@link #hasNext()} then sees the end ({@code false}), not an error.
   */
  @Override
  public void close() {
    if (!done) {
      cancelled = true;
      upstream.close();
      finish();
    }
  }
}
