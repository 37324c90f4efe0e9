package dev.llmux.providers.mock;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.spi.ChunkStream;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A stream over precomputed chunks, waiting {@code delay} before each chunk after the first. After
 * {@link #close()}, {@link #hasNext()} returns {@code false}.
 */
final class MockChunkStream implements ChunkStream {
  private final List<ChatCompletionChunk> chunks;
  private final MockProvider.Waiter waiter;
  private final Duration delay;
  private final Duration gapTimeout;
  private int position;
  private boolean waited;
  private volatile boolean closed;

  MockChunkStream(
      List<ChatCompletionChunk> chunks,
      MockProvider.Waiter waiter,
      Duration delay,
      Duration gapTimeout) {
    this.chunks = chunks;
    this.waiter = waiter;
    this.delay = delay;
    this.gapTimeout = gapTimeout;
  }

  @Override
  public boolean hasNext() {
    if (closed || position >= chunks.size()) {
      return false;
    }
    if (position > 0 && !waited) {
      try {
        waiter.await(delay, gapTimeout, "chunk_delay");
      } catch (RuntimeException e) {
        close();
        throw e;
      }
      waited = true;
    }
    return !closed;
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed ? "stream closed" : "end of stream");
    }
    waited = false;
    return chunks.get(position++);
  }

  @Override
  public void close() {
    closed = true;
  }
}
