package dev.llmux.providers.internal;

import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.spi.CompletionChunkStream;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamResponse;
import java.io.IOException;

/**
 * A {@link CompletionChunkStream} over an SSE body (same contract and timeouts as {@link
 * EventChunkStream}).
 */
public final class CompletionSseStream extends SseStream<CompletionResponse>
    implements CompletionChunkStream {
  CompletionSseStream(
      UpstreamCall call,
      UpstreamResponse response,
      StreamDeadline deadline,
      Translator<CompletionResponse> translator)
      throws IOException {
    super(call, response, deadline, translator);
  }
}
