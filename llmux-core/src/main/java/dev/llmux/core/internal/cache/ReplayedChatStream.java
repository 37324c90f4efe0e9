package dev.llmux.core.internal.cache;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.core.ChatStream;
import dev.llmux.core.RouteResult;
import java.util.List;

/** A cache hit served as a stream: the stored response replayed as chunks. */
public final class ReplayedChatStream implements ChatStream {
  private final List<ChatCompletionChunk> chunks;
  private final RouteResult<Void> result;
  private int next;
  private boolean closed;

  public ReplayedChatStream(List<ChatCompletionChunk> chunks, RouteResult<Void> result) {
    this.chunks = List.copyOf(chunks);
    this.result = result;
  }

  @Override
  public boolean hasNext() {
    return !closed && next < chunks.size();
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw ChatStream.ended();
    }
    return chunks.get(next++);
  }

  @Override
  public RouteResult<Void> result() {
    return result;
  }

  @Override
  public boolean isDone() {
    return closed || next >= chunks.size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
