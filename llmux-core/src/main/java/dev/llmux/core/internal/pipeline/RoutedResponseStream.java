package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.Usage;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.responses.ResponseEventSource;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Responses stream handed to the caller once its first event arrived. Passes events through,
 * tracks usage (the final event's, else an estimate from the streamed text) and rethrows failures,
 * never a quiet end. Closing it cancels the upstream call.
 */
final class RoutedResponseStream implements ResponseStream {
  private final ResponseEventSource source;
  private final Function<Usage, RouteResult<Void>> results;
  private final int promptEstimate;
  private final TokenCounter.Kind tokenizer;
  private final StreamObserver<ResponseStreamEvent> observer;
  private final StringBuilder seenText = new StringBuilder();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean done;
  private volatile boolean cancelled;
  private @Nullable Throwable failure;
  private volatile @Nullable RouteResult<Void> result;

  RoutedResponseStream(
      ResponseEventSource source,
      Function<Usage, RouteResult<Void>> results,
      int promptEstimate,
      TokenCounter.Kind tokenizer,
      StreamObserver<ResponseStreamEvent> observer) {
    this.source = source;
    this.results = results;
    this.promptEstimate = promptEstimate;
    this.tokenizer = tokenizer;
    this.observer = observer;
  }

  @Override
  public boolean hasNext() {
    if (source.hasQueued()) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      if (source.fill()) {
        return true;
      }
    } catch (RuntimeException e) {
      if (cancelled) {
        return false;
      }
      failure = e;
      end();
      throw e;
    }
    end();
    return false;
  }

  @Override
  public ResponseStreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("stream has ended");
    }
    ResponseStreamEvent e = Objects.requireNonNull(source.poll()); // hasNext(): one is queued
    if (e.delta() != null && e.type() != null && e.type().endsWith("output_text.delta")) {
      seenText.append(e.delta());
    }
    observer.onItem(e);
    return e;
  }

  private void end() {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    done = true;
    try {
      source.close();
    } finally {
      Usage usage =
          source.usage() != null
              ? source.usage()
              : Usage.of(promptEstimate, TokenCounter.text(tokenizer, seenText.toString()));
      RouteResult<Void> r = results.apply(usage);
      result = r;
      observer.onEnd(r, failure, cancelled);
    }
  }

  @Override
  public RouteResult<Void> result() {
    return result != null ? result : results.apply(null);
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public void close() {
    if (!done) {
      cancelled = true;
      end();
    }
  }
}
