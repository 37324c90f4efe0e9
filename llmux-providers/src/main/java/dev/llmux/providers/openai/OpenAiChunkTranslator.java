package dev.llmux.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.EventChunkStream;
import dev.llmux.providers.internal.SseEvent;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenAI's chat stream on the shared SSE stream: each {@code data:} event is one {@link
 * ChatCompletionChunk}; {@code data: [DONE]} ends the stream (so does the end of the body after at
 * least one event). An error sent inside the stream ({@code event: error}, or {@code data:
 * {"error":{...}}}) is thrown as the mapped exception after the chunks before it.
 */
final class OpenAiChunkTranslator implements EventChunkStream.Translator {

  @Override
  public boolean onEvent(SseEvent event, Consumer<ChatCompletionChunk> out) {
    if (event.isDone()) {
      return true;
    }
    if ("error".equals(event.event())) {
      throw ErrorMapper.fromStreamError(event.data());
    }
    ChatCompletionChunk chunk = parse(event.data());
    if (chunk.choices().isEmpty() && chunk.usage() == null && chunk.extra().containsKey("error")) {
      throw ErrorMapper.fromStreamError(Json.write(Map.of("error", chunk.extra().get("error"))));
    }
    out.accept(chunk);
    return false;
  }

  /** Each chunk is its event, in the caller's (OpenAI's) format. */
  @Override
  public boolean relaysRaw() {
    return true;
  }

  private static ChatCompletionChunk parse(String data) {
    try {
      ChatCompletionChunk chunk = Json.mapper().readValue(data, ChatCompletionChunk.class);
      if (chunk == null) {
        throw ErrorMapper.malformed("null stream chunk", 200, null);
      }
      return chunk;
    } catch (JsonProcessingException e) {
      throw ErrorMapper.malformed(
          "stream chunk is not a chat.completion.chunk: " + ErrorMapper.truncate(data), 200, e);
    }
  }
}
