package dev.llmux.providers.internal.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.FinishReason;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.EventChunkStream;
import dev.llmux.providers.internal.SseEvent;
import dev.llmux.providers.internal.Translation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gemini {@code streamGenerateContent?alt=sse} events (each a whole {@code
 * GenerateContentResponse}) → OpenAI chunks: the role first, text and thought deltas, each function
 * call as one tool-call delta (Gemini sends calls whole), the finish reason, and at the end of the
 * body a usage chunk from the last {@code usageMetadata}. An error object in the stream is thrown;
 * a body that ends with no finish reason is a {@link ConnectionException}.
 */
public final class GeminiStreamTranslator implements EventChunkStream.Translator {
  private final long created;
  private String model;
  private String id;
  private Usage usage;
  private final Set<Integer> roleSent = new HashSet<>();
  private final Map<Integer, Integer> calls = new HashMap<>();
  private boolean finished;

  public GeminiStreamTranslator(String model, long created) {
    this.model = model;
    this.created = created;
  }

  @Override
  public boolean onEvent(SseEvent event, Consumer<ChatCompletionChunk> out) {
    JsonNode r;
    try {
      r = Json.mapper().readTree(event.data());
    } catch (Exception e) {
      throw ErrorMapper.malformed(
          "gemini stream event is not JSON: " + ErrorMapper.truncate(event.data()), 200, e);
    }
    if (r.has("error")) {
      throw ErrorMapper.fromStreamError(event.data());
    }
    if (id == null) {
      String rid = Translation.text(r, "responseId");
      id = rid != null ? rid : "gemini-" + created;
    }
    if (r.hasNonNull("modelVersion")) {
      model = r.get("modelVersion").asText();
    }
    if (r.has("usageMetadata")) {
      usage = GeminiResponses.usage(r.get("usageMetadata"));
    }
    JsonNode candidates = r.path("candidates");
    if ((!candidates.isArray() || candidates.isEmpty())
        && r.path("promptFeedback").has("blockReason")) {
      role(0, out);
      emit(0, out, ChatDelta.EMPTY, FinishReason.CONTENT_FILTER);
      finished = true;
    }
    int pos = 0;
    for (JsonNode c : candidates) {
      int index = c.has("index") ? c.get("index").asInt() : pos;
      pos++;
      role(index, out);
      for (JsonNode part : c.path("content").path("parts")) {
        if (part.has("functionCall")) {
          JsonNode call = part.get("functionCall");
          int n = calls.merge(index, 1, Integer::sum) - 1;
          String args = Json.write(call.has("args") ? call.get("args") : Translation.object());
          emit(
              index,
              out,
              ChatDelta.toolCalls(
                  List.of(
                      ToolCall.delta(
                          n,
                          GeminiResponses.callId(part, call, id, index, n),
                          call.path("name").asText(),
                          args))),
              null);
        } else if (part.has("text")) {
          String text = part.get("text").asText();
          if (text.isEmpty()) {
            continue;
          }
          emit(
              index,
              out,
              part.path("thought").asBoolean(false)
                  ? new ChatDelta(null, null, text, null, null, null)
                  : ChatDelta.content(text),
              null);
        }
      }
      String reason = Translation.text(c, "finishReason");
      if (reason != null) {
        emit(
            index,
            out,
            ChatDelta.EMPTY,
            GeminiResponses.finishReason(reason, calls.containsKey(index)));
        finished = true;
      }
    }
    return false;
  }

  @Override
  public void onEnd(Consumer<ChatCompletionChunk> out) {
    if (!finished) {
      throw new ConnectionException("gemini stream ended without a finishReason", null);
    }
    if (usage != null) {
      out.accept(ChatCompletionChunk.usageChunk(id, created, model, usage));
    }
  }

  private void role(int index, Consumer<ChatCompletionChunk> out) {
    if (roleSent.add(index)) {
      emit(index, out, new ChatDelta(Role.ASSISTANT, "", null, null, null, null), null);
    }
  }

  private void emit(int index, Consumer<ChatCompletionChunk> out, ChatDelta delta, String finish) {
    out.accept(
        ChatCompletionChunk.of(id, created, model, List.of(ChunkChoice.of(index, delta, finish))));
  }
}
