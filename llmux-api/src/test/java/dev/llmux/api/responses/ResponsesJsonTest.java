package dev.llmux.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesJsonTest {

  static JsonNode tree(String json) throws Exception {
    return Json.mapper().readTree(json);
  }

  @Test
  void requestWithItemsRoundTrips() throws Exception {
    String json =
        """
        {"model":"gpt-4.1","instructions":"Be brief.",
         "input":[
           {"role":"user","content":[{"type":"input_text","text":"What is in this image?"},
                                     {"type":"input_image","image_url":"https://example.com/a.png","detail":"low"}]},
           {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}","status":"completed"},
           {"type":"function_call_output","call_id":"call_1","output":"18C"}],
         "tools":[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":true},
                  {"type":"web_search_preview"}],
         "tool_choice":{"type":"function","name":"get_weather"},
         "text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true}},
         "reasoning":{"effort":"low","summary":"auto"},
         "max_output_tokens":100,"metadata":{"k":"v"},"stream":true,"store":false,"truncation":"auto"}""";
    ResponsesRequest r = Json.read(json, ResponsesRequest.class);
    assertThat(r.model()).isEqualTo("gpt-4.1");
    assertThat(r.extra()).containsEntry("truncation", "auto");
    assertThat(r.text().format().schema()).containsEntry("type", "object");
    assertThat(r.reasoning().effort()).isEqualTo("low");
    List<ResponseItem> items = r.inputItems();
    assertThat(items)
        .extracting(ResponseItem::kind)
        .containsExactly("message", "function_call", "function_call_output");
    assertThat(items.get(0).contentParts().get(1).imageUrl())
        .isEqualTo("https://example.com/a.png");
    assertThat(items.get(1).callId()).isEqualTo("call_1");
    assertThat(items.get(2).outputText()).isEqualTo("18C");
    assertThat(tree(Json.write(r))).isEqualTo(tree(json));
  }

  @Test
  void stringInputIsOneUserMessage() {
    ResponsesRequest r = Json.read("{\"model\":\"m\",\"input\":\"hi\"}", ResponsesRequest.class);
    assertThat(r.inputItems()).hasSize(1);
    assertThat(r.inputItems().get(0).role()).isEqualTo("user");
    assertThat(r.inputItems().get(0).text()).isEqualTo("hi");
    assertThat(Json.write(r)).isEqualTo("{\"model\":\"m\",\"input\":\"hi\"}");
  }

  @Test
  void streamEventsParse() throws Exception {
    String delta =
        "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":5,\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"ci\"}";
    ResponseStreamEvent e = Json.read(delta, ResponseStreamEvent.class);
    assertThat(e.type()).isEqualTo("response.function_call_arguments.delta");
    assertThat(e.outputIndex()).isEqualTo(1);
    assertThat(e.delta()).isEqualTo("{\"ci");
    assertThat(tree(Json.write(e))).isEqualTo(tree(delta));
    String error =
        "{\"type\":\"error\",\"code\":\"ERR_SOMETHING\",\"message\":\"Something went wrong\",\"param\":null,\"sequence_number\":1}";
    assertThat(Json.read(error, ResponseStreamEvent.class).extra())
        .containsEntry("code", "ERR_SOMETHING");
  }
}
