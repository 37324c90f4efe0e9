package dev.llmux.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import org.junit.jupiter.api.Test;

/** The shared mapper's strict reading, and its errors in plain words. */
class JsonStrictnessTest {
  static final String MSGS = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  static String describe(String json, Class<?> type) {
    try {
      Json.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      return Json.describe(e) + " | " + Json.fieldPath(e);
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void dataAfterTheValueIsAnError() {
    String one = "{\"model\":\"m\"," + MSGS + "}";
    assertThat(describe(one + one, ChatCompletionRequest.class))
        .startsWith("the body has data after the JSON value");
    assertThat(describe(one + " x", ChatCompletionRequest.class))
        .contains("not valid JSON")
        .doesNotContain("`");
    assertThat(Json.read(one + "\n  ", ChatCompletionRequest.class)).isNotNull();
  }

  @Test
  void requestIntegersRefuseFractionsAndStrings() {
    assertThat(describe("{\"max_tokens\":1.5," + MSGS + "}", ChatCompletionRequest.class))
        .isEqualTo("'max_tokens' must be an integer | max_tokens");
    assertThat(describe("{\"seed\":\"7\"," + MSGS + "}", ChatCompletionRequest.class))
        .isEqualTo("'seed' must be an integer | seed");
    assertThat(describe("{\"n\":3000000000," + MSGS + "}", ChatCompletionRequest.class))
        .isEqualTo("'n' must be an integer | n");
    assertThat(describe("{\"logit_bias\":{\"1\":0.5}}", ChatCompletionRequest.class))
        .contains("logit_bias")
        .contains("an integer");
    assertThat(describe("{\"input\":\"a\",\"dimensions\":2.0}", EmbeddingRequest.class))
        .isEqualTo("'dimensions' must be an integer | dimensions");
    ChatCompletionRequest ok =
        Json.read(
            "{\"max_tokens\":5,\"seed\":-9000000000," + MSGS + "}", ChatCompletionRequest.class);
    assertThat(ok.maxTokens()).isEqualTo(5);
    assertThat(ok.seed()).isEqualTo(-9_000_000_000L);
  }

  @Test
  void upstreamResponsesKeepLenientNumbers() {
    ChatCompletionResponse r =
        Json.read(
            "{\"id\":\"x\",\"created\":1700000000.0,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":12.0,\"completion_tokens\":3,\"total_tokens\":15}}",
            ChatCompletionResponse.class);
    assertThat(r.usage().promptTokens()).isEqualTo(12);
  }

  @Test
  void nestingIsCapped() {
    String deep = "[".repeat(Json.MAX_NESTING_DEPTH + 1) + "]".repeat(Json.MAX_NESTING_DEPTH + 1);
    assertThat(describe("{\"x\":" + deep + "}", ChatCompletionRequest.class))
        .startsWith("the JSON is nested too deeply (at most 128 levels");
    String fine = "[".repeat(100) + "]".repeat(100);
    assertThat(Json.read("{\"x\":" + fine + "}", ChatCompletionRequest.class)).isNotNull();
  }

  @Test
  void messagesNameFieldsNotClasses() {
    String m =
        describe(
            "{\"messages\":[{\"role\":\"user\",\"content\":{\"a\":1}}]}",
            ChatCompletionRequest.class);
    assertThat(m)
        .isEqualTo(
            "'messages[0].content' must be a string or a list of content parts | messages[0].content");
    assertThat(
            describe(
                "{\"tools\":[{\"type\":\"function\",\"function\":{}}]}",
                ChatCompletionRequest.class))
        .startsWith("'tools[0].function.name' is required");
    assertThat(describe("{\"a\":NaN}", ChatCompletionRequest.class))
        .startsWith("the body is not valid JSON: Non-standard token 'NaN'")
        .doesNotContain("Feature")
        .doesNotContain("`");
    assertThatThrownBy(() -> Json.read("{\"temperature\":\"hot\"}", ChatCompletionRequest.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed JSON: 'temperature' must be a number");
  }
}
