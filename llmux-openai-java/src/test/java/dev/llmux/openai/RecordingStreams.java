package dev.llmux.openai;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Interceptor;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records the context of each call and how far streams were pulled and whether they were closed.
 */
final class RecordingStreams implements Interceptor {
  final AtomicReference<RequestContext> lastContext = new AtomicReference<>();
  final AtomicInteger pulled = new AtomicInteger();
  final AtomicBoolean closed = new AtomicBoolean();

  @Override
  public RouteResult<dev.llmux.api.chat.ChatCompletionResponse> interceptChat(
      Chain<
              dev.llmux.api.chat.ChatCompletionRequest,
              RouteResult<dev.llmux.api.chat.ChatCompletionResponse>>
          chain) {
    lastContext.set(chain.context());
    return chain.proceed(chain.request(), chain.context());
  }

  @Override
  public ChatStream interceptStream(
      Chain<dev.llmux.api.chat.ChatCompletionRequest, ChatStream> chain) {
    lastContext.set(chain.context());
    ChatStream inner = chain.proceed(chain.request(), chain.context());
    return new ChatStream() {
      @Override
      public boolean hasNext() {
        return inner.hasNext();
      }

      @Override
      public ChatCompletionChunk next() {
        pulled.incrementAndGet();
        return inner.next();
      }

      @Override
      public RouteResult<Void> result() {
        return inner.result();
      }

      @Override
      public boolean isDone() {
        return inner.isDone();
      }

      @Override
      public void close() {
        closed.set(true);
        inner.close();
      }
    };
  }
}
