package dev.llmux.core.internal.cache;

import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A cache hit served as a Responses stream: the stored response replayed as events ({@link
 * ResponseReplay}).
 */
public final class ReplayedResponseStream implements ResponseStream {
  private final List<ResponseStreamEvent> events;
  private final RouteResult<Void> result;
  private int next;
  private boolean closed;

  public ReplayedResponseStream(List<ResponseStreamEvent> events, RouteResult<Void> result) {
    this.events = List.copyOf(events);
    this.result = result;
  }

  @Override
  public boolean hasNext() {
    return !closed && next < events.size();
  }

  @Override
  public ResponseStreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("stream has ended");
    }
    return events.get(next++);
  }

  @Override
  public RouteResult<Void> result() {
    return result;
  }

  @Override
  public boolean isDone() {
    return closed || next >= events.size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
