package dev.llmux.core.internal.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatDelta;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.responses.ResponseContent;
import dev.llmux.api.responses.ResponseItem;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponsesRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponsesTranslatorTest {

  @Test
  void inputItemsMapOntoChatMessages() {
    List<ResponseItem> input =
        List.of(
            ResponseItem.message("developer", "Rules."),
            ResponseItem.message(
                null,
                "user",
                null,
                List.of(
                    ResponseContent.inputText("Look:"),
                    ResponseContent.inputImage("data:image/png;base64,AA=="))),
            ResponseItem.message("assistant", "Two calls."),
            ResponseItem.functionCall("fc_a", "call_a", "f", "{\"x\":1}", "completed"),
            ResponseItem.functionCall("fc_b", "call_b", "f", "{\"x\":2}", "completed"),
            ResponseItem.functionCallOutput("call_a", "A"),
            ResponseItem.functionCallOutput("call_b", "B"),
            ResponseItem.reasoning("rs_1", List.of(ResponseContent.summaryText("hidden"))));
    ResponsesRequest r =
        new ResponsesRequest(
            "m",
            input,
            "Sys.",
            null,
            Map.of("type", "function", "name", "f"),
            false,
            null,
            10,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    ChatCompletionRequest chat = ResponsesTranslator.toChat(r);
    List<ChatMessage> m = chat.messages();
    assertThat(m)
        .extracting(ChatMessage::role)
        .containsExactly("system", "developer", "user", "assistant", "tool", "tool");
    assertThat(m.get(2).content().parts().get(1).imageUrl().url())
        .isEqualTo("data:image/png;base64,AA==");
    assertThat(m.get(3).text()).isEqualTo("Two calls.");
    assertThat(m.get(3).toolCalls()).extracting(t -> t.id()).containsExactly("call_a", "call_b");
    assertThat(m.get(5).toolCallId()).isEqualTo("call_b");
    assertThat(chat.toolChoice()).isEqualTo(ToolChoice.function("f"));
    assertThat(chat.parallelToolCalls()).isFalse();
    assertThat(chat.maxTokens()).isEqualTo(10);
  }

  @Test
  void unsupportedItemsAreBadRequests() {
    ResponseItem search =
        new ResponseItem(
            "file_search_call", "fs_1", null, null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> ResponsesTranslator.toChat(ResponsesRequest.of("m", List.of(search))))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("file_search_call");
  }

  @Test
  void aFunctionToolWithoutANameIsABadRequestNotANullPointer() throws Exception {
    ResponsesRequest r =
        Json.mapper()
            .readValue(
                "{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\"}]}",
                ResponsesRequest.class);
    assertThatThrownBy(() -> ResponsesTranslator.toChat(r))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("name");
    // not mappable onto chat: only native Responses deployments can serve it
    assertThat(ResponsesTranslator.chatShapeOf(r)).isNull();
  }

  @Test
  void aToolCallWithoutAFunctionMapsToAFunctionCallWithoutAName() {
    ToolCall call = new ToolCall(null, "call_1", "function", null, Map.of());
    ChatCompletionResponse chat =
        ChatCompletionResponse.of(
            "c1",
            1,
            "up",
            List.of(ChatChoice.of(0, ChatMessage.assistant(null, List.of(call)), "tool_calls")),
            null);
    ResponseObject response = ResponsesTranslator.toResponse(chat, ResponsesRequest.of("m", "x"));
    assertThat(response.output()).hasSize(1);
    ResponseItem item = response.output().get(0);
    assertThat(item.type()).isEqualTo(ResponseItem.FUNCTION_CALL);
    assertThat(item.callId()).isEqualTo("call_1");
    assertThat(item.name()).isNull();
    assertThat(item.arguments()).isNull();
  }

  static ChatCompletionChunk chunk(ChatDelta delta, String finish) {
    return ChatCompletionChunk.of("c1", 1, "up", List.of(ChunkChoice.of(0, delta, finish)));
  }

  @Test
  void reasoningThenTextThenLengthIsIncomplete() {
    ChatToResponseEvents t = new ChatToResponseEvents(ResponsesRequest.of("m", "x"), 7);
    List<ResponseStreamEvent> out = new ArrayList<>();
    t.onChunk(chunk(ChatDelta.role("assistant"), null), out::add);
    t.onChunk(chunk(new ChatDelta(null, null, "think", null, null, null), null), out::add);
    t.onChunk(chunk(ChatDelta.content("Hel"), null), out::add);
    t.onChunk(chunk(ChatDelta.content("lo"), null), out::add);
    t.onChunk(chunk(ChatDelta.EMPTY, "length"), out::add);
    t.onChunk(ChatCompletionChunk.usageChunk("c1", 1, "up", Usage.of(3, 4)), out::add);
    t.onEnd(out::add);
    assertThat(out)
        .extracting(ResponseStreamEvent::type)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.incomplete");
    ResponseStreamEvent last = out.get(out.size() - 1);
    assertThat(last.response().status()).isEqualTo("incomplete");
    assertThat(last.response().incompleteDetails()).containsEntry("reason", "max_output_tokens");
    assertThat(last.response().output())
        .extracting(ResponseItem::type)
        .containsExactly("reasoning", "message");
    assertThat(last.response().outputText()).isEqualTo("Hello");
    assertThat(last.response().usage().totalTokens()).isEqualTo(7);
    assertThat(last.response().createdAt()).isEqualTo(7);
    assertThat(out.get(10).text()).isEqualTo("Hello");
  }
}
