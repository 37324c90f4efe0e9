package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.CompletionChunkStream;
import dev.llmux.core.CompletionStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.TokenCounter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The completion stream handed to the caller once the first chunk arrived; the legacy-completions
 * twin of {@link RoutedChatStream}. Passes chunks through, tracks usage (the upstream's usage
 * chunk, else an estimate from the streamed text), strips the usage chunk when the caller did not
 * ask for it and synthesizes one when it asked but the upstream sent none. Failures are rethrown.
 */
final class RoutedCompletionStream implements CompletionStream {
  /** Most text kept for counting when the upstream reports no usage; beyond it, chars/4. */
  private static final int MAX_COUNTED_CHARS = 1 << 20;

  private final CompletionChunkStream upstream;
  private final boolean callerWantsUsage;
  private final int promptEstimate;
  private final TokenCounter.Kind tokenizer;
  private final Ticker ticker;
  private final long startNanos;
  private final Duration timeToFirstToken;
  private final RoutedChatStream.RouteResultFactory results;
  private final StreamObserver<CompletionResponse> observer;
  private final StringBuilder text = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  private int uncountedChars;
  private @Nullable CompletionResponse unprocessedFirst;
  private @Nullable CompletionResponse pending;
  private @Nullable CompletionResponse last;
  private @Nullable Usage usage;
  private boolean usageEmitted;
  private volatile @Nullable Throwable failure;
  private volatile boolean cancelled;
  private volatile boolean done;
  private volatile @Nullable RouteResult<Void> finalResult;

  RoutedCompletionStream(
      CompletionChunkStream upstream,
      CompletionResponse first,
      boolean callerWantsUsage,
      int promptEstimate,
      TokenCounter.Kind tokenizer,
      Ticker ticker,
      long startNanos,
      Duration timeToFirstToken,
      RoutedChatStream.RouteResultFactory results,
      StreamObserver<CompletionResponse> observer) {
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
        CompletionResponse c;
        if (unprocessedFirst != null) {
          c = unprocessedFirst;
          unprocessedFirst = null;
        } else if (upstream.hasNext()) {
          c = upstream.next();
        } else {
          break;
        }
        CompletionResponse out = observe(c);
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
      pending = null;
      failure = le;
      finish();
      throw le;
    }
    if (cancelled) {
      return false;
    }
    CompletionResponse l = last;
    if (callerWantsUsage && !usageEmitted && l != null) {
      usageEmitted = true;
      pending =
          new CompletionResponse(
              l.id(),
              CompletionResponse.OBJECT,
              l.created(),
              l.model(),
              List.of(),
              finalUsage(),
              l.systemFingerprint(),
              Map.of());
      return true;
    }
    finish();
    return false;
  }

  @Override
  public CompletionResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException("stream has ended");
    }
    CompletionResponse c = Objects.requireNonNull(pending); // hasNext() set it
    pending = null;
    return c;
  }

  /** Accounts for {@code c}; returns what the caller should see, or {@code null} to skip it. */
  private synchronized @Nullable CompletionResponse observe(CompletionResponse c) {
    observer.onItem(c);
    last = c;
    for (CompletionResponse.Choice choice : c.choices()) {
      String t = choice.text();
      if (t != null && !t.isEmpty()) {
        if (usage == null && text.length() + t.length() <= MAX_COUNTED_CHARS) {
          text.append(t);
        } else {
          uncountedChars += t.length();
        }
      }
    }
    Usage u = c.usage();
    if (u == null) {
      return c;
    }
    usage = u;
    if (callerWantsUsage) {
      usageEmitted = true;
      return c;
    }
    return c.choices().isEmpty()
        ? null
        : new CompletionResponse(
            c.id(),
            c.object(),
            c.created(),
            c.model(),
            c.choices(),
            null,
            c.systemFingerprint(),
            c.extra());
  }

  private Usage finalUsage() {
    Usage u = usage;
    if (u != null) {
      return u;
    }
    return Usage.of(
        promptEstimate, TokenCounter.text(tokenizer, text.toString()) + (uncountedChars + 3) / 4);
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
      synchronized (this) {
        r =
            results.make(
                finalUsage(), Duration.ofNanos(ticker.read() - startNanos), timeToFirstToken);
      }
      finalResult = r;
      observer.onEnd(r, failure, cancelled);
    }
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
