package dev.llmux.core.internal.pipeline;

import dev.llmux.core.RouteResult;
import org.jspecify.annotations.Nullable;

/**
 * Sees every item of a routed stream (chat chunks, or Responses events) and is told once when the
 * stream ends: normally, by a failure ({@code error}), or closed early ({@code cancelled}). The
 * stages hang their end-of-stream work on it: the cache stores a completed stream, settlement
 * records usage and cost, admission settles its ticket.
 *
 * @param <E> the stream's item type
 */
interface StreamObserver<E> {

  /** An item passed through the stream. */
  default void onItem(E item) {}

  /** The stream ended; called once. */
  default void onEnd(RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {}

  /**
   * Both observers, {@code this} first; {@code next} is told of the end even if {@code this} fails.
   */
  default StreamObserver<E> andThen(StreamObserver<E> next) {
    StreamObserver<E> first = this;
    return new StreamObserver<>() {
      @Override
      public void onItem(E item) {
        first.onItem(item);
        next.onItem(item);
      }

      @Override
      public void onEnd(RouteResult<Void> result, @Nullable Throwable error, boolean cancelled) {
        try {
          first.onEnd(result, error, cancelled);
        } finally {
          next.onEnd(result, error, cancelled);
        }
      }
    };
  }
}
