package dev.llmux.api.spi;

import dev.llmux.api.completion.CompletionResponse;
import java.util.Iterator;

/**
 * A pull-based stream of legacy completion chunks ({@code object: "text_completion"}, each choice
 * carrying the next piece of its {@code text}) from one upstream call, with the same contract as
 * {@link ChunkStream}: {@link #hasNext()} blocks; failures are thrown, never a quiet end; {@link
 * #close()} is idempotent and cancels the upstream call. A chunk with no choices and a {@code
 * usage} is the usage chunk. Not thread-safe.
 */
public interface CompletionChunkStream extends Iterator<CompletionResponse>, AutoCloseable {
  @Override
  void close();
}
