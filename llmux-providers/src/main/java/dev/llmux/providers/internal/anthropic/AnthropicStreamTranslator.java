package dev.llmux.providers.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.FinishReason;
import dev.llmux.api.chat.FunctionCall;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.providers.internal.ErrorMapper;
import dev.llmux.providers.internal.EventChunkStream;
import dev.llmux.providers.internal.SseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Anthropic stream events → OpenAI chunks: the role first (on {@code message_start}), then text,
 * thinking ({@code reasoning_content}) and tool-call deltas (index/id/name first, then argument
 * fragments), the finish reason (on {@code message_delta}), a usage chunk and the end (on {@code
 * message_stop}). An {@code error} event is thrown; a body that ends before any finish reason is a
 * {@link ConnectionException}.
 */
public final class AnthropicStreamTranslator implements EventChunkStream.Translator {
  private final String jsonTool;
  private final long created;
  private String id = "msg";
  private String model;
  private int input;
  private int cacheRead;
  private int cacheCreation;
  private int output;
  private String finish;
  private boolean jsonOutput;
  private int toolCount;
  private boolean sentRole;

  /** Content block index → OpenAI tool-call index (or -1 for the json_schema tool). */
  private final Map<Integer, Integer> toolIndex = new HashMap<>();

  public AnthropicStreamTranslator(String jsonTool, long created, String model) {
    this.jsonTool = jsonTool;
    this.created = created;
    this.model = model;
  }

  @Override
  public boolean onEvent(SseEvent event, Consumer<ChatCompletionChunk> out) {
    JsonNode e;
    try {
      e = Json.mapper().readTree(event.data());
    } catch (Exception ex) {
      throw ErrorMapper.malformed(
          "anthropic stream event is not JSON: " + ErrorMapper.truncate(event.data()), 200, ex);
    }
    String type = e.path("type").asText(event.event() == null ? "" : event.event());
    switch (type) {
      case "message_start":
        {
          JsonNode msg = e.path("message");
          if (msg.hasNonNull("id")) {
            id = msg.get("id").asText();
          }
          if (msg.hasNonNull("model")) {
            model = msg.get("model").asText();
          }
          usage(msg.path("usage"));
          role(out);
          return false;
        }
      case "content_block_start":
        {
          JsonNode block = e.path("content_block");
          int index = e.path("index").asInt();
          String blockType = block.path("type").asText();
          if ("tool_use".equals(blockType)) {
            String name = block.path("name").asText();
            if (name.equals(jsonTool)) {
              toolIndex.put(index, -1);
              jsonOutput = true;
            } else {
              int i = toolCount++;
              toolIndex.put(index, i);
              emit(
                  out,
                  ChatDelta.toolCalls(
                      List.of(ToolCall.delta(i, block.path("id").asText(), name, ""))));
            }
          } else if ("text".equals(blockType) && !block.path("text").asText().isEmpty()) {
            emit(out, ChatDelta.content(block.path("text").asText()));
          }
          return false;
        }
      case "content_block_delta":
        {
          JsonNode delta = e.path("delta");
          int index = e.path("index").asInt();
          switch (delta.path("type").asText()) {
            case "text_delta":
              emit(out, ChatDelta.content(delta.path("text").asText()));
              break;
            case "thinking_delta":
              emit(
                  out,
                  new ChatDelta(null, null, delta.path("thinking").asText(), null, null, null));
              break;
            case "input_json_delta":
              {
                String fragment = delta.path("partial_json").asText();
                Integer i = toolIndex.get(index);
                if (fragment.isEmpty() || i == null) {
                  break;
                }
                if (i < 0) {
                  emit(out, ChatDelta.content(fragment));
                } else {
                  emit(
                      out,
                      ChatDelta.toolCalls(
                          List.of(
                              new ToolCall(
                                  i, null, null, new FunctionCall(null, fragment), null))));
                }
                break;
              }
            default:
              // signature_delta, citations_delta: nothing to say in the OpenAI shape
          }
          return false;
        }
      case "message_delta":
        {
          usage(e.path("usage"));
          String reason = e.path("delta").path("stop_reason").asText(null);
          if (reason != null) {
            finish = AnthropicResponses.finishReason(reason);
            if (jsonOutput && toolCount == 0 && FinishReason.TOOL_CALLS.equals(finish)) {
              finish = FinishReason.STOP;
            }
            role(out);
            out.accept(
                ChatCompletionChunk.of(
                    id, created, model, List.of(ChunkChoice.of(0, ChatDelta.EMPTY, finish))));
          }
          return false;
        }
      case "message_stop":
        end(out);
        return true;
      case "error":
        throw ErrorMapper.fromStreamError(event.data());
      default:
        // ping, content_block_stop, unknown future events
        return false;
    }
  }

  @Override
  public void onEnd(Consumer<ChatCompletionChunk> out) {
    if (finish == null) {
      throw new ConnectionException("anthropic stream ended before message_stop", null);
    }
    end(out);
  }

  private void end(Consumer<ChatCompletionChunk> out) {
    out.accept(
        ChatCompletionChunk.usageChunk(
            id, created, model, AnthropicResponses.usage(input, cacheRead, cacheCreation, output)));
  }

  private void usage(JsonNode u) {
    if (u == null || !u.isObject()) {
      return;
    }
    // message_start carries the input side and a first output count; message_delta the cumulative
    // output.
    if (u.has("input_tokens") && !u.get("input_tokens").isNull()) {
      input = u.get("input_tokens").asInt();
    }
    if (u.has("cache_read_input_tokens") && !u.get("cache_read_input_tokens").isNull()) {
      cacheRead = u.get("cache_read_input_tokens").asInt();
    }
    if (u.has("cache_creation_input_tokens") && !u.get("cache_creation_input_tokens").isNull()) {
      cacheCreation = u.get("cache_creation_input_tokens").asInt();
    }
    if (u.has("output_tokens") && !u.get("output_tokens").isNull()) {
      output = u.get("output_tokens").asInt();
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
