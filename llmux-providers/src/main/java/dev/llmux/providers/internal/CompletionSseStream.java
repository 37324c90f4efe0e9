package dev.llmux.providers.internal;

import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.spi.CompletionChunkStream;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A {@link CompletionChunkStream} over an SSE body (same contract and timeouts as {@link
 * EventChunkStream}).
 */
public final class CompletionSseStream extends SseStream<CompletionResponse>
    implements CompletionChunkStream {
  CompletionSseStream(
      Call call,
      Response response,
      Duration gapTimeout,
      Translator<CompletionResponse> translator) {
    super(call, response, gapTimeout, translator);
  }
}
