package dev.llmux.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.FinishReason;
import dev.llmux.api.chat.FunctionCall;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.error.ConnectionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * ConverseStream events → OpenAI chunks. One event type per message ({@code :event-type}), its JSON
 * payload the event's members: {@code messageStart} → a role chunk; {@code contentBlockStart} with
 * {@code start.toolUse} → a tool-call delta (index, id, name); {@code contentBlockDelta} with
 * {@code delta.text} → content, {@code delta.toolUse.input} → argument fragments, {@code
 * delta.reasoningContent.text} → {@code reasoning_content}; {@code messageStop} → the finish
 * reason; {@code metadata} (last) → the usage chunk, then the end. A body that ends before {@code
 * messageStop} is a {@link ConnectionException}. Stateful: one per stream.
 */
final class ConverseStreamTranslator {
  private final String id;
  private final String model;
  private final String jsonTool;
  private final long created;
  private boolean sentRole;
  private String finish;
  private boolean jsonOutput;
  private int toolCount;

  /** Content block index → OpenAI tool-call index (or -1 for the json_schema tool). */
  private final Map<Integer, Integer> toolIndex = new HashMap<>();

  ConverseStreamTranslator(String id, String model, String jsonTool, long created) {
    this.id = id;
    this.model = model;
    this.jsonTool = jsonTool;
    this.created = created;
  }

  /** Handles one event; returns true when it ends the stream. */
  boolean onEvent(String type, JsonNode e, Consumer<ChatCompletionChunk> out) {
    switch (type) {
      case "messageStart":
        role(out);
        return false;
      case "contentBlockStart":
        {
          JsonNode use = e.path("start").path("toolUse");
          if (use.isObject()) {
            int index = e.path("contentBlockIndex").asInt();
            String name = use.path("name").asText();
            if (name.equals(jsonTool)) {
              toolIndex.put(index, -1);
              jsonOutput = true;
            } else {
              int i = toolCount++;
              toolIndex.put(index, i);
              emit(
                  out,
                  ChatDelta.toolCalls(
                      List.of(ToolCall.delta(i, use.path("toolUseId").asText(), name, ""))));
            }
          }
          return false;
        }
      case "contentBlockDelta":
        {
          JsonNode delta = e.path("delta");
          int index = e.path("contentBlockIndex").asInt();
          if (delta.has("text")) {
            String text = delta.get("text").asText();
            if (!text.isEmpty()) {
              emit(out, ChatDelta.content(text));
            }
          } else if (delta.has("toolUse")) {
            String fragment = delta.get("toolUse").path("input").asText();
            Integer i = toolIndex.get(index);
            if (!fragment.isEmpty() && i != null) {
              if (i < 0) {
                emit(out, ChatDelta.content(fragment));
              } else {
                emit(
                    out,
                    ChatDelta.toolCalls(
                        List.of(
                            new ToolCall(i, null, null, new FunctionCall(null, fragment), null))));
              }
            }
          } else if (delta.has("reasoningContent")) {
            JsonNode text = delta.get("reasoningContent").get("text");
            if (text != null && !text.asText().isEmpty()) {
              emit(out, new ChatDelta(null, null, text.asText(), null, null, null));
            }
          }
          return false;
        }
      case "messageStop":
        {
          finish = ConverseResponses.finishReason(e.path("stopReason").asText(null));
          if (finish == null) {
            finish = FinishReason.STOP;
          }
          if (jsonOutput && toolCount == 0 && FinishReason.TOOL_CALLS.equals(finish)) {
            finish = FinishReason.STOP;
          }
          role(out);
          out.accept(
              ChatCompletionChunk.of(
                  id, created, model, List.of(ChunkChoice.of(0, ChatDelta.EMPTY, finish))));
          return false;
        }
      case "metadata":
        if (e.path("usage").isObject()) {
          out.accept(
              ChatCompletionChunk.usageChunk(
                  id, created, model, ConverseResponses.usage(e.get("usage"))));
        }
        return finish != null;
      default:
        // contentBlockStop, unknown future events
        return false;
    }
  }

  /** The body ended: fine after messageStop (the router counts usage if metadata never came). */
  void onEnd() {
    if (finish == null) {
      throw new ConnectionException("bedrock event stream ended before messageStop", null);
    }
  }

  private void role(Consumer<ChatCompletionChunk> out) {
    if (!sentRole) {
      sentRole = true;
      out.accept(
          ChatCompletionChunk.of(
              id,
              created,
              model,
              List.of(
                  ChunkChoice.of(
                      0, new ChatDelta(Role.ASSISTANT, "", null, null, null, null), null))));
    }
  }

  private void emit(Consumer<ChatCompletionChunk> out, ChatDelta delta) {
    role(out);
    out.accept(ChatCompletionChunk.of(id, created, model, List.of(ChunkChoice.of(0, delta, null))));
  }
}
