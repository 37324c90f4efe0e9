package dev.llmux.providers.internal;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.spi.ChunkStream;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A {@link ChunkStream} over an SSE body in a provider's own event format, turned into OpenAI
 * chunks by a {@link SseStream.Translator} (one event may give zero or more chunks).
 */
public final class EventChunkStream extends SseStream<ChatCompletionChunk> implements ChunkStream {
  /** Turns upstream events into OpenAI chunks. */
  public interface Translator extends SseStream.Translator<ChatCompletionChunk> {}

  EventChunkStream(Call call, Response response, Duration gapTimeout, Translator translator) {
    super(call, response, gapTimeout, translator);
  }
}
