package dev.llmux.core.internal.responses;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.responses.ResponseContent;
import dev.llmux.api.responses.ResponseItem;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponseUsage;
import dev.llmux.api.responses.ResponsesRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns a chat chunk stream into Responses API events, in the order OpenAI sends them: {@code
 * response.created}, {@code response.in_progress}; per output item {@code
 * response.output_item.added}, its deltas ({@code response.reasoning_summary_text.delta}, {@code
 * response.output_text.delta} inside a {@code content_part}, or {@code
 * response.function_call_arguments.delta}), their {@code .done} events and {@code
 * response.output_item.done}; then {@code response.completed} (or {@code response.incomplete}) with
 * the whole response and usage. Only choice 0 is used. Not thread-safe.
 */
public final class ChatToResponseEvents {
  private final ResponsesRequest request;
  private final long createdAt;
  private int seq;
  private @Nullable String id;
  private @Nullable String model;
  private final List<ResponseItem> output = new ArrayList<>();
  private @Nullable Usage usage;
  private @Nullable String finish;
  private boolean started;

  // The item being streamed: kind, output index, id, accumulated text or arguments.
  private @Nullable String openKind;
  private int openIndex = -1;
  private @Nullable String openId;
  private final StringBuilder openText = new StringBuilder();
  private @Nullable String openCallId;
  private @Nullable String openName;
  private final Map<Integer, Integer> toolIndexToOutput = new HashMap<>();
  private @Nullable Integer openToolIndex;

  public ChatToResponseEvents(ResponsesRequest request, long createdAt) {
    this.request = request;
    this.createdAt = createdAt;
  }

  /** Handles one chunk, emitting the events it gives. */
  public void onChunk(ChatCompletionChunk chunk, Consumer<ResponseStreamEvent> out) {
    if (!started) {
      started = true;
      id = "resp_" + (chunk.id() == null ? "llmux" : chunk.id());
      model = chunk.model();
      out.accept(
          ResponseStreamEvent.ofResponse("response.created", seq++, snapshot("in_progress")));
      out.accept(
          ResponseStreamEvent.ofResponse("response.in_progress", seq++, snapshot("in_progress")));
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
    for (ChunkChoice c : chunk.choices()) {
      if (c.index() != 0) {
        continue;
      }
      if (c.delta() != null) {
        if (c.delta().reasoningContent() != null && !c.delta().reasoningContent().isEmpty()) {
          reasoning(c.delta().reasoningContent(), out);
        }
        if (c.delta().content() != null && !c.delta().content().isEmpty()) {
          text(c.delta().content(), out);
        }
        if (c.delta().toolCalls() != null) {
          for (ToolCall t : c.delta().toolCalls()) {
            toolCall(t, out);
          }
        }
      }
      if (c.finishReason() != null) {
        finish = c.finishReason();
      }
    }
  }

  /** The chat stream ended: closes the open item and emits the final event. */
  public void onEnd(Consumer<ResponseStreamEvent> out) {
    if (!started) {
      return;
    }
    closeOpen(out);
    String status = ResponsesTranslator.status(finish);
    out.accept(
        ResponseStreamEvent.ofResponse(
            "completed".equals(status) ? "response.completed" : "response.incomplete",
            seq++,
            snapshot(status)));
  }

  /** The usage seen so far (the chat stream's usage chunk), or null. */
  public @Nullable Usage usage() {
    return usage;
  }

  private void reasoning(String delta, Consumer<ResponseStreamEvent> out) {
    if (!"reasoning".equals(openKind)) {
      closeOpen(out);
      // id is set by the first chunk, before any content
      open("reasoning", "rs_" + Objects.requireNonNull(id).substring(5) + "_" + output.size());
      out.accept(
          ResponseStreamEvent.ofItem(
              "response.output_item.added",
              seq++,
              openIndex,
              ResponseItem.reasoning(openId, List.of())));
    }
    openText.append(delta);
    out.accept(
        new ResponseStreamEvent(
            "response.reasoning_summary_text.delta",
            seq++,
            null,
            openIndex,
            openId,
            null,
            null,
            null,
            delta,
            null,
            null,
            Map.of("summary_index", 0)));
  }

  private void text(String delta, Consumer<ResponseStreamEvent> out) {
    if (!"message".equals(openKind)) {
      closeOpen(out);
      open("message", "msg_" + Objects.requireNonNull(id).substring(5) + "_" + output.size());
      out.accept(
          ResponseStreamEvent.ofItem(
              "response.output_item.added",
              seq++,
              openIndex,
              ResponseItem.message(openId, Role.ASSISTANT, "in_progress", List.of())));
      out.accept(
          ResponseStreamEvent.ofPart(
              "response.content_part.added",
              seq++,
              openId,
              openIndex,
              0,
              ResponseContent.outputText("")));
    }
    openText.append(delta);
    out.accept(
        ResponseStreamEvent.ofDelta(
            "response.output_text.delta", seq++, openId, openIndex, 0, delta));
  }

  private void toolCall(ToolCall t, Consumer<ResponseStreamEvent> out) {
    int index = t.index() == null ? 0 : t.index();
    boolean isNew = !toolIndexToOutput.containsKey(index);
    if (isNew
        || !"function_call".equals(openKind)
        || openToolIndex == null
        || openToolIndex != index) {
      if (!isNew) {
        // A fragment for a call that is no longer open: OpenAI-shaped streams do not interleave;
        // ignore order.
        return;
      }
      closeOpen(out);
      String callId = t.id() != null ? t.id() : "call_" + index;
      open("function_call", "fc_" + callId);
      openCallId = callId;
      openName = t.function() == null ? null : t.function().name();
      openToolIndex = index;
      toolIndexToOutput.put(index, openIndex);
      out.accept(
          ResponseStreamEvent.ofItem(
              "response.output_item.added",
              seq++,
              openIndex,
              ResponseItem.functionCall(openId, openCallId, openName, "", "in_progress")));
    }
    if (t.function() != null && t.function().name() != null && openName == null) {
      openName = t.function().name();
    }
    String fragment = t.function() == null ? null : t.function().arguments();
    if (fragment != null && !fragment.isEmpty()) {
      openText.append(fragment);
      out.accept(
          ResponseStreamEvent.ofDelta(
              "response.function_call_arguments.delta", seq++, openId, openIndex, null, fragment));
    }
  }

  private void open(String kind, String itemId) {
    openKind = kind;
    openIndex = output.size();
    openId = itemId;
    openText.setLength(0);
    output.add(null); // placeholder, filled when the item is done
  }

  private void closeOpen(Consumer<ResponseStreamEvent> out) {
    if (openKind == null) {
      return;
    }
    String text = openText.toString();
    ResponseItem done;
    switch (openKind) {
      case "reasoning":
        done = ResponseItem.reasoning(openId, List.of(ResponseContent.summaryText(text)));
        out.accept(
            new ResponseStreamEvent(
                "response.reasoning_summary_text.done",
                seq++,
                null,
                openIndex,
                openId,
                null,
                null,
                null,
                null,
                text,
                null,
                Map.of("summary_index", 0)));
        break;
      case "message":
        done =
            ResponseItem.message(
                openId, Role.ASSISTANT, "completed", List.of(ResponseContent.outputText(text)));
        out.accept(
            new ResponseStreamEvent(
                "response.output_text.done",
                seq++,
                null,
                openIndex,
                openId,
                0,
                null,
                null,
                null,
                text,
                null,
                Map.of()));
        out.accept(
            ResponseStreamEvent.ofPart(
                "response.content_part.done",
                seq++,
                openId,
                openIndex,
                0,
                ResponseContent.outputText(text)));
        break;
      default:
        done = ResponseItem.functionCall(openId, openCallId, openName, text, "completed");
        out.accept(
            new ResponseStreamEvent(
                "response.function_call_arguments.done",
                seq++,
                null,
                openIndex,
                openId,
                null,
                null,
                null,
                null,
                null,
                text,
                Map.of()));
    }
    output.set(openIndex, done);
    out.accept(ResponseStreamEvent.ofItem("response.output_item.done", seq++, openIndex, done));
    openKind = null;
    openToolIndex = null;
  }

  private ResponseObject snapshot(String status) {
    List<ResponseItem> items = new ArrayList<>();
    for (ResponseItem i : output) {
      if (i != null) {
        items.add(i);
      }
    }
    boolean done = !"in_progress".equals(status);
    return new ResponseObject(
        id,
        ResponseObject.OBJECT,
        createdAt,
        status,
        model,
        items,
        done && usage != null ? ResponseUsage.of(usage) : null,
        done ? ResponsesTranslator.incomplete(finish) : null,
        null,
        request.instructions(),
        request.metadata(),
        Map.of());
  }
}
