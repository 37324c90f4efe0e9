package dev.llmux.core;

import dev.llmux.api.completion.CompletionResponse;
import java.util.Iterator;

/**
 * A routed, pull-based stream of legacy completion chunks ({@link LlmClient#streamCompletions}):
 * OpenAI's {@code text_completion} chunks, each choice carrying the next piece of its text, the
 * last one per choice its {@code finish_reason}; a final usage chunk (no choices) only when the
 * request asked for it with {@code stream_options: {include_usage: true}}. Same contract as {@link
 * ChatStream}: {@link #hasNext()} blocks and throws failures (never a quiet end); close it
 * (try-with-resources) to cancel the upstream call; {@link #result()} says how the request was
 * served once the stream has ended (usage from the upstream, else estimated).
 */
public interface CompletionStream
    extends Iterator<CompletionResponse>, Iterable<CompletionResponse>, AutoCloseable {

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
  default Iterator<CompletionResponse> iterator() {
    return this;
  }
}
