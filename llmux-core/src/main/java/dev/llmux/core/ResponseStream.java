package dev.llmux.core;

import dev.llmux.api.responses.ResponseStreamEvent;
import java.util.Iterator;

/**
 * A routed, pull-based stream of Responses API events ({@link LlmRouter#streamResponses}). Same
 * contract as {@link ChatStream}: {@link #hasNext()} blocks and throws failures (never a quiet
 * end); close it (try-with-resources) to cancel the upstream call; {@link #result()} says how the
 * request was served once the stream has ended (usage from the final event, else estimated).
 */
public interface ResponseStream
    extends Iterator<ResponseStreamEvent>, Iterable<ResponseStreamEvent>, AutoCloseable {

  /**
   * How the request was served; usage and latency are final once {@link #isDone()}; the {@link
   * RouteResult#callId() call id} is known from the start.
   */
  RouteResult<Void> result();

  /** Whether the stream has ended (normally, by failure, or by close). */
  boolean isDone();

  @Override
  void close();

  @Override
  default Iterator<ResponseStreamEvent> iterator() {
    return this;
  }
}
