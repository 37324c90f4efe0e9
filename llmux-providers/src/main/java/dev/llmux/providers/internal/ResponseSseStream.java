package dev.llmux.providers.internal;

import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.spi.ResponseEventStream;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamResponse;
import java.io.IOException;

/**
 * A {@link ResponseEventStream} over an SSE body (same contract and timeouts as {@link
 * EventChunkStream}).
 */
public final class ResponseSseStream extends SseStream<ResponseStreamEvent>
    implements ResponseEventStream {
  ResponseSseStream(
      UpstreamCall call,
      UpstreamResponse response,
      StreamDeadline deadline,
      Translator<ResponseStreamEvent> translator)
      throws IOException {
    super(call, response, deadline, translator);
  }
}
