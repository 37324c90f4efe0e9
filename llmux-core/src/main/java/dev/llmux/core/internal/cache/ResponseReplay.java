package dev.llmux.core.internal.cache;

import dev.llmux.api.responses.ResponseContent;
import dev.llmux.api.responses.ResponseItem;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stored Responses API response replayed as the event stream OpenAI sends for it: {@code
 * response.created}, {@code response.in_progress}; per output item {@code
 * response.output_item.added}, its content ({@code response.content_part.added}, {@code
 * response.output_text.delta} / {@code .done}, {@code response.content_part.done}), or its
 * arguments ({@code response.function_call_arguments.delta} / {@code .done}), or its reasoning
 * summary ({@code response.reasoning_summary_text.delta} / {@code .done}), then {@code
 * response.output_item.done}; finally {@code response.completed} (or {@code response.incomplete} /
 * {@code response.failed}, as the response's status says) with the whole response. Sequence numbers
 * count from 0.
 */
public final class ResponseReplay {
  private final List<ResponseStreamEvent> out = new ArrayList<>();
  private int seq;

  private ResponseReplay() {}

  /** The events that replay {@code response}. */
  public static List<ResponseStreamEvent> events(ResponseObject response) {
    ResponseReplay r = new ResponseReplay();
    r.replay(response);
    return r.out;
  }

  private void replay(ResponseObject response) {
    ResponseObject started =
        new ResponseObject(
            response.id(),
            response.object(),
            response.createdAt(),
            "in_progress",
            response.model(),
            List.of(),
            null,
            null,
            null,
            response.instructions(),
            response.metadata(),
            response.extra());
    out.add(ResponseStreamEvent.ofResponse("response.created", seq++, started));
    out.add(ResponseStreamEvent.ofResponse("response.in_progress", seq++, started));
    List<ResponseItem> items = response.output();
    for (int i = 0; i < items.size(); i++) {
      item(i, items.get(i));
    }
    String status = response.status();
    String end = "incomplete".equals(status) || "failed".equals(status) ? status : "completed";
    out.add(ResponseStreamEvent.ofResponse("response." + end, seq++, response));
  }

  private void item(int index, ResponseItem item) {
    switch (item.kind()) {
      case ResponseItem.MESSAGE -> message(index, item);
      case ResponseItem.FUNCTION_CALL -> functionCall(index, item);
      case ResponseItem.REASONING -> reasoning(index, item);
      default ->
          out.add(ResponseStreamEvent.ofItem("response.output_item.added", seq++, index, item));
    }
    out.add(ResponseStreamEvent.ofItem("response.output_item.done", seq++, index, item));
  }

  private void message(int index, ResponseItem item) {
    out.add(
        ResponseStreamEvent.ofItem(
            "response.output_item.added",
            seq++,
            index,
            ResponseItem.message(item.id(), item.role(), "in_progress", List.of())));
    List<ResponseContent> parts = item.contentParts();
    for (int p = 0; p < parts.size(); p++) {
      ResponseContent part = parts.get(p);
      boolean text = "output_text".equals(part.type());
      out.add(
          ResponseStreamEvent.ofPart(
              "response.content_part.added",
              seq++,
              item.id(),
              index,
              p,
              text ? ResponseContent.outputText("") : part));
      if (text) {
        String t = part.text() == null ? "" : part.text();
        if (!t.isEmpty()) {
          out.add(
              ResponseStreamEvent.ofDelta(
                  "response.output_text.delta", seq++, item.id(), index, p, t));
        }
        out.add(
            new ResponseStreamEvent(
                "response.output_text.done",
                seq++,
                null,
                index,
                item.id(),
                p,
                null,
                null,
                null,
                t,
                null,
                Map.of()));
      }
      out.add(
          ResponseStreamEvent.ofPart(
              "response.content_part.done", seq++, item.id(), index, p, part));
    }
  }

  private void functionCall(int index, ResponseItem item) {
    out.add(
        ResponseStreamEvent.ofItem(
            "response.output_item.added",
            seq++,
            index,
            ResponseItem.functionCall(item.id(), item.callId(), item.name(), "", "in_progress")));
    String args = item.arguments() == null ? "" : item.arguments();
    if (!args.isEmpty()) {
      out.add(
          ResponseStreamEvent.ofDelta(
              "response.function_call_arguments.delta", seq++, item.id(), index, null, args));
    }
    out.add(
        new ResponseStreamEvent(
            "response.function_call_arguments.done",
            seq++,
            null,
            index,
            item.id(),
            null,
            null,
            null,
            null,
            null,
            args,
            Map.of()));
  }

  private void reasoning(int index, ResponseItem item) {
    out.add(
        ResponseStreamEvent.ofItem(
            "response.output_item.added",
            seq++,
            index,
            ResponseItem.reasoning(item.id(), List.of())));
    List<ResponseContent> summary = item.summary() == null ? List.of() : item.summary();
    for (int k = 0; k < summary.size(); k++) {
      String t = summary.get(k).text() == null ? "" : summary.get(k).text();
      Map<String, Object> at = Map.of("summary_index", k);
      out.add(
          new ResponseStreamEvent(
              "response.reasoning_summary_text.delta",
              seq++,
              null,
              index,
              item.id(),
              null,
              null,
              null,
              t,
              null,
              null,
              at));
      out.add(
          new ResponseStreamEvent(
              "response.reasoning_summary_text.done",
              seq++,
              null,
              index,
              item.id(),
              null,
              null,
              null,
              null,
              t,
              null,
              at));
    }
  }
}
