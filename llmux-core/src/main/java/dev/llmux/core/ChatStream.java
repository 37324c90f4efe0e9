package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionChunk;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A routed, pull-based stream of chat chunks. Use it in try-with-resources:
 *
 * <pre>{@code
 * try (ChatStream stream = router.stream(request)) {
 *   for (ChatCompletionChunk chunk : stream) {
 *     ...
 *   }
 *   RouteResult<Void> result = stream.result();
 * }
 * }</pre>
 *
 * <p>Retries and fallbacks happened before this object was returned (before the first chunk). A
 * failure after that is thrown from {@link #hasNext()} or {@link #next()} as an {@link
 * dev.llmux.api.error.LlmException}; the stream never ends quietly on an error. {@link #close()}
 * cancels the upstream call; it is idempotent. Not thread-safe: one consumer.
 */
public interface ChatStream
    extends Iterator<ChatCompletionChunk>, Iterable<ChatCompletionChunk>, AutoCloseable {

  /** {@inheritDoc} Blocks until the next chunk, the end, or a failure (thrown). */
  @Override
  boolean hasNext();

  /** {@inheritDoc} */
  @Override
  ChatCompletionChunk next();

  /**
   * How the stream was served. Before the stream has ended, usage and latency are not final; after
   * the end (or a failure) they are. The {@link RouteResult#callId() call id} is known from the
   * start (for a response header).
   */
  RouteResult<Void> result();

  /** Whether the stream has ended (normally, by failure, or by close). */
  boolean isDone();

  @Override
  void close();

  /** Returns this stream as its own iterator; it can be iterated once. */
  @Override
  default Iterator<ChatCompletionChunk> iterator() {
    return this;
  }

  /** Thrown by {@link #next()} past the end. */
  static NoSuchElementException ended() {
    return new NoSuchElementException("stream has ended");
  }
}
