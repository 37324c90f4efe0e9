package dev.llmux.core.internal.pipeline;

import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.core.Cancellable;
import dev.llmux.core.ChatStream;
import dev.llmux.core.StreamListener;
import dev.llmux.core.internal.AsyncExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The callback form of a chat stream: the stream is opened and pulled on the router's executor and
 * each chunk, the end or the failure is delivered to a {@link StreamListener}. Cancelling closes
 * the stream (and its upstream call).
 */
final class CallbackStream {
  private CallbackStream() {}

  /** Starts pulling the stream {@code open} opens; the handle cancels it. */
  static Cancellable start(
      AsyncExecutor async, Supplier<ChatStream> open, StreamListener listener) {
    AtomicBoolean cancelled = new AtomicBoolean();
    ChatStream[] holder = new ChatStream[1];
    Object lock = new Object();
    try {
      async.run(
          () -> {
            ChatStream s;
            try {
              s = open.get();
            } catch (LlmException e) {
              listener.onError(e);
              return;
            }
            synchronized (lock) {
              holder[0] = s;
            }
            try (s) {
              while (!cancelled.get() && s.hasNext()) {
                listener.onChunk(s.next());
              }
              if (cancelled.get()) {
                listener.onError(
                    new UpstreamServerException("stream cancelled by the caller", null, null));
              } else {
                listener.onComplete(s.result());
              }
            } catch (LlmException e) {
              listener.onError(e);
            }
          });
    } catch (RateLimitException e) {
      listener.onError(e);
    }
    return () -> {
      if (cancelled.compareAndSet(false, true)) {
        synchronized (lock) {
          if (holder[0] != null) {
            holder[0].close();
          }
        }
      }
    };
  }
}
