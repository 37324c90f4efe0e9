package dev.llmux.providers.internal;

import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.spi.ResponseEventStream;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A {@link ResponseEventStream} over an SSE body (same contract and timeouts as {@link
 * EventChunkStream}).
 */
public final class ResponseSseStream extends SseStream<ResponseStreamEvent>
    implements ResponseEventStream {
  ResponseSseStream(
      Call call,
      Response response,
      Duration gapTimeout,
      Translator<ResponseStreamEvent> translator) {
    super(call, response, gapTimeout, translator);
  }
}
