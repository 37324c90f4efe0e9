package dev.llmux.api.spi;

import dev.llmux.api.chat.ChatCompletionChunk;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * A pull-based stream of chat chunks from one upstream call.
 *
 * <p>{@link #hasNext()} blocks until the next chunk, the end of the stream, or a failure; a failure
 * is thrown as a {@link dev.llmux.api.error.LlmException}, never reported as a quiet end. A stream
 * that ends without its terminator (a missing {@code [DONE]}) after at least one chunk ends
 * normally. {@link #close()} is idempotent, releases the connection and cancels the upstream call
 * if it is still running. Not thread-safe: one consumer.
 */
public interface ChunkStream extends Iterator<ChatCompletionChunk>, AutoCloseable {
  @Override
  void close();

  /**
   * The upstream's own bytes for {@code chunk}, when the upstream speaks OpenAI's chat stream
   * format and {@code chunk} is the chunk {@link #next()} returned last, read from exactly one SSE
   * event: that event as it arrived (from the end of the previous event through this one's blank
   * line, comments included), so a relay can forward it without serializing the chunk again. {@code
   * null} otherwise (the default): the chunk was translated or built.
   */
  default byte @Nullable [] rawEvent(ChatCompletionChunk chunk) {
    return null;
  }
}
