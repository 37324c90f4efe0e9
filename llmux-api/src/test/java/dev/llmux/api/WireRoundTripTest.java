package dev.llmux.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.embedding.EmbeddingRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI wire shapes survive a read/write round trip exactly, unknown fields included. */
class WireRoundTripTest {

  private static void assertRoundTrip(String json, Class<?> type) throws Exception {
    Object value = Json.read(json, type);
    JsonNode expected = Json.mapper().readTree(json);
    JsonNode actual = Json.mapper().readTree(Json.write(value));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void chatRequestWithEveryFieldCallersSend() throws Exception {
    assertRoundTrip(
        """
        {"model":"gpt-4o","messages":[
          {"role":"system","content":"be brief"},
          {"role":"developer","content":"dev note"},
          {"role":"user","name":"ann","content":[{"type":"text","text":"what is this?"},
             {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"high"}},
             {"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]},
          {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
             "function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"42"}],
         "tools":[{"type":"function","function":{"name":"lookup","description":"d","strict":true,
           "parameters":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}}],
         "tool_choice":{"type":"function","function":{"name":"lookup"}},
         "parallel_tool_calls":false,
         "response_format":{"type":"json_schema","json_schema":{"name":"out","strict":true,
           "schema":{"type":"object","properties":{"a":{"type":"integer"}}}}},
         "temperature":0.2,"top_p":0.9,"n":2,"stop":["END","STOP"],"max_tokens":100,
         "max_completion_tokens":200,"presence_penalty":0.5,"frequency_penalty":-0.5,
         "logit_bias":{"50256":-100},"logprobs":true,"top_logprobs":3,"seed":1234,"user":"u-1",
         "metadata":{"k":"v"},"stream":true,"stream_options":{"include_usage":true},
         "reasoning_effort":"high","service_tier":"flex","prediction":{"type":"content","content":"x"},
         "some_future_field":{"nested":[1,2,{"deep":true}]}}
        """,
        ChatCompletionRequest.class);
  }

  @Test
  void stopAsStringAndToolChoiceModes() {
    ChatCompletionRequest r =
        Json.read(
            "{\"model\":\"m\",\"messages\":[],\"stop\":\"END\",\"tool_choice\":\"required\"}",
            ChatCompletionRequest.class);
    assertThat(r.stop()).containsExactly("END");
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    assertThat(Json.write(r)).contains("\"tool_choice\":\"required\"").doesNotContain("\"image\"");
    assertThatThrownBy(
            () ->
                Json.read(
                    "{\"model\":\"m\",\"tool_choice\":\"sometimes\"}", ChatCompletionRequest.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void helperMethodsAreNotSerializedAsProperties() {
    assertThat(Json.write(ContentPart.text("hi"))).isEqualTo("{\"type\":\"text\",\"text\":\"hi\"}");
    ChatCompletionRequest r = ChatCompletionRequest.builder().model("m").build();
    assertThat(Json.write(r)).isEqualTo("{\"model\":\"m\",\"messages\":[]}");
    assertThat(Json.write(ChatCompletionChunk.of("c", 1, "m", List.of())))
        .isEqualTo(
            "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[]}");
  }

  @Test
  void responseWithUsageDetailsAndUnknownFields() throws Exception {
    assertRoundTrip(
        """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
         "choices":[{"index":0,"message":{"role":"assistant","content":"hi","refusal":null,
            "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,
            "prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},
            "completion_tokens_details":{"reasoning_tokens":2,"audio_tokens":0,
               "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
         "system_fingerprint":"fp_1","service_tier":"default"}
        """
            .replace("\"refusal\":null,", "")
            .replace("\"logprobs\":null,", ""),
        ChatCompletionResponse.class);
    ChatCompletionResponse r =
        Json.read(
            "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}",
            ChatCompletionResponse.class);
    assertThat(r.usage().cachedTokens()).isEqualTo(4);
    assertThat(r.usage().reasoningTokens()).isEqualTo(2);
  }

  @Test
  void streamChunksIncludingTheUsageChunk() throws Exception {
    assertRoundTrip(
        """
        {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","system_fingerprint":"fp",
         "choices":[{"index":0,"delta":{"role":"assistant","content":"","tool_calls":[{"index":0,"id":"call_1",
           "type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":null}]}
        """
            .replace(",\"finish_reason\":null", ""),
        ChatCompletionChunk.class);
    ChatCompletionChunk usage =
        Json.read(
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}",
            ChatCompletionChunk.class);
    assertThat(usage.isUsageOnly()).isTrue();
  }

  @Test
  void embeddingInputShapes() throws Exception {
    assertRoundTrip(
        "{\"model\":\"e\",\"input\":\"one\",\"dimensions\":256,\"encoding_format\":\"float\"}",
        EmbeddingRequest.class);
    assertRoundTrip("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}", EmbeddingRequest.class);
    assertRoundTrip("{\"model\":\"e\",\"input\":[[1,2],[3]]}", EmbeddingRequest.class);
    assertThat(
            Json.read("{\"model\":\"e\",\"input\":[1,2,3]}", EmbeddingRequest.class).inputItems())
        .hasSize(1);
    assertThat(
            Json.read("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}", EmbeddingRequest.class)
                .inputItems())
        .hasSize(2);
  }
}
