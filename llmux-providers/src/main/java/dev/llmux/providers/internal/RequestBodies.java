package dev.llmux.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import java.util.List;

/**
 * Serializes chat requests for OpenAI-wire upstreams with {@link Json#mapper()}.
 *
 * <p>Works around two serialization defects of llmux-api's types, and only while they are present
 * (each is detected once, at class initialization, so the plain fast path is used as soon as the
 * API is fixed): Jackson treats {@code ChatCompletionRequest.isStream()} as the {@code stream}
 * property, so an unset {@code stream} is written as {@code false}; and it treats
 * {@code ContentPart.isText()} / {@code isImage()} as properties, so a text part is written as
 * {@code "text": true} (its text lost) with an extra {@code "image"} flag. The workaround patches the
 * JSON tree of affected requests.
 */
public final class RequestBodies {
  static final boolean STREAM_DEFECT = Json.write(ChatCompletionRequest.of("m")).contains("\"stream\"");
  static final boolean PART_DEFECT =
      !Json.write(ContentPart.text("x")).equals("{\"type\":\"text\",\"text\":\"x\"}");

  private RequestBodies() {}

  /** The JSON body for {@code request}: every set field and every {@code extra} field, nothing else. */
  public static byte[] chat(ChatCompletionRequest request) {
    boolean fixStream = STREAM_DEFECT && request.stream() == null;
    boolean fixParts = PART_DEFECT && hasParts(request.messages());
    if (!fixStream && !fixParts) {
      return Json.writeBytes(request);
    }
    ObjectNode root = Json.mapper().valueToTree(request);
    if (fixStream) {
      root.remove("stream");
    }
    if (fixParts) {
      JsonNode messages = root.get("messages");
      for (int i = 0; i < request.messages().size(); i++) {
        ChatMessage message = request.messages().get(i);
        if (message.content() == null || message.content().isText()) {
          continue;
        }
        JsonNode parts = messages.get(i).get("content");
        List<ContentPart> typed = message.content().parts();
        for (int j = 0; j < typed.size(); j++) {
          ObjectNode part = (ObjectNode) parts.get(j);
          ContentPart p = typed.get(j);
          part.remove("text");
          part.remove("image");
          if (p.text() != null) {
            part.put("text", p.text());
          }
          if (p.extra().containsKey("image")) {
            part.set("image", Json.mapper().valueToTree(p.extra().get("image")));
          }
        }
      }
    }
    return Json.writeBytes(root);
  }

  private static boolean hasParts(List<ChatMessage> messages) {
    for (ChatMessage m : messages) {
      if (m.content() != null && !m.content().isText()) {
        return true;
      }
    }
    return false;
  }
}
