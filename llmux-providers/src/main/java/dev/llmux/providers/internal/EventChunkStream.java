package dev.llmux.providers.internal;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.providers.transport.UpstreamCall;
import dev.llmux.providers.transport.UpstreamResponse;
import java.io.IOException;

/**
 * A {@link ChunkStream} over an SSE body in a provider's own event format, turned into OpenAI
 * chunks by a {@link SseStream.Translator} (one event may give zero or more chunks). With an
 * OpenAI-format translator ({@link Translator#relaysRaw()}), each chunk keeps its event's bytes
 * ({@link #rawEvent(ChatCompletionChunk)}).
 */
public final class EventChunkStream extends SseStream<ChatCompletionChunk> implements ChunkStream {
  /** Turns upstream events into OpenAI chunks. */
  public interface Translator extends SseStream.Translator<ChatCompletionChunk> {}

  EventChunkStream(
      UpstreamCall call, UpstreamResponse response, StreamDeadline deadline, Translator translator)
      throws IOException {
    super(call, response, deadline, translator);
  }

  @Override
  public byte[] rawEvent(ChatCompletionChunk chunk) {
    return rawOf(chunk);
  }
}
