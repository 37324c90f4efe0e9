package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  private static JsonNode tree(ChatCompletionRequest request) throws IOException {
    return Json.mapper().readTree(RequestBodies.chat(request));
  }

  @Test
  void unsetStreamIsNotSent() throws IOException {
    assertThat(tree(ChatCompletionRequest.of("m", ChatMessage.user("hi"))).has("stream")).isFalse();
    assertThat(tree(ChatCompletionRequest.builder().model("m").stream(true).build()).get("stream").asBoolean()).isTrue();
  }

  @Test
  void contentPartsKeepTheirText() throws IOException {
    ChatCompletionRequest request = ChatCompletionRequest.builder()
        .model("gpt-4o")
        .addMessage(ChatMessage.system("be brief"))
        .addMessage(ChatMessage.user(ContentPart.text("What is in this image?"), ContentPart.image("https://x/y.png", "low")))
        .build();

    JsonNode parts = tree(request).get("messages").get(1).get("content");

    assertThat(parts.get(0).toString()).isEqualTo("{\"type\":\"text\",\"text\":\"What is in this image?\"}");
    assertThat(parts.get(1).get("type").asText()).isEqualTo("image_url");
    assertThat(parts.get(1).get("image_url").get("url").asText()).isEqualTo("https://x/y.png");
    assertThat(parts.get(1).has("text")).isFalse();
    assertThat(parts.get(1).has("image")).isFalse();
    assertThat(tree(request).get("messages").get(0).get("content").asText()).isEqualTo("be brief");
  }
}
