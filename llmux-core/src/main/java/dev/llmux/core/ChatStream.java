package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionChunk;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

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

  /**
   * The upstream's own SSE event for {@code chunk}, when {@code chunk} is the chunk {@link #next()}
   * returned last and the router passed it on unchanged from an upstream that speaks OpenAI's chat
   * stream format (see {@link dev.llmux.api.spi.ChunkStream#rawEvent}): the bytes as they arrived,
   * unknown fields included, ending with the event's blank line. A relay (the facade) writes them
   * instead of serializing {@code chunk} again. {@code null} when the chunk was translated, changed
   * by the router (usage stripped or synthesized) or replayed: serialize the chunk then. The
   * default returns {@code null}.
   */
  default byte @Nullable [] rawEvent(ChatCompletionChunk chunk) {
    return null;
  }

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
