package dev.llmux.api.spi;

import dev.llmux.api.responses.ResponseStreamEvent;
import java.util.Iterator;

/**
 * A pull-based stream of Responses API events from one upstream call, with the same contract as
 * {@link ChunkStream}: {@link #hasNext()} blocks; failures are thrown, never a quiet end; {@link
 * #close()} is idempotent and cancels the upstream call. Not thread-safe.
 */
public interface ResponseEventStream extends Iterator<ResponseStreamEvent>, AutoCloseable {
  @Override
  void close();
}
