package dev.llmux.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import dev.llmux.api.error.BadRequestException;
import java.util.List;
import java.util.Locale;

/** Small helpers shared by the translating providers (anthropic, gemini). */
public final class Translation {
  private Translation() {}

  /** A parsed {@code data:} URL: media type and base64 payload. */
  public record DataUrl(String mediaType, String base64) {}

  /**
   * Parses {@code data:<media>;base64,<data>}; other data URLs are a {@link BadRequestException}.
   */
  public static DataUrl dataUrl(String url) {
    int comma = url.indexOf(',');
    if (comma < 0) {
      throw new BadRequestException("malformed data URL in image_url", "messages");
    }
    String meta = url.substring(5, comma);
    if (!meta.toLowerCase(Locale.ROOT).endsWith(";base64")) {
      throw new BadRequestException("image data URLs must be base64-encoded", "messages");
    }
    String media = meta.substring(0, meta.length() - ";base64".length());
    return new DataUrl(
        media.isEmpty() ? "application/octet-stream" : media, url.substring(comma + 1));
  }

  public static boolean isDataUrl(String url) {
    return url.regionMatches(true, 0, "data:", 0, 5);
  }

  /**
   * Marks a Gemini thought signature carried at the end of a tool-call id (see the gemini
   * provider).
   */
  public static final String THOUGHT_SIGNATURE_MARK = "__thought__";

  /**
   * A tool-call id as upstreams with strict id rules accept it (Anthropic: {@code [a-zA-Z0-9_-]+}):
   * without a Gemini thought signature, other characters replaced by {@code _}. The same id always
   * gives the same result, so calls and results still match.
   */
  public static String portableToolId(String id) {
    if (id == null) {
      return null;
    }
    int mark = id.indexOf(THOUGHT_SIGNATURE_MARK);
    String base = mark >= 0 ? id.substring(0, mark) : id;
    StringBuilder sb = new StringBuilder(base.length());
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      sb.append(
          (c >= 'a' && c <= 'z')
                  || (c >= 'A' && c <= 'Z')
                  || (c >= '0' && c <= '9')
                  || c == '_'
                  || c == '-'
              ? c
              : '_');
    }
    return sb.length() == 0 ? "call" : sb.toString();
  }

  /** Parses tool-call arguments; empty or blank is {@code {}}; invalid JSON is a bad request. */
  public static JsonNode arguments(String json) {
    if (json == null || json.isBlank()) {
      return Json.mapper().createObjectNode();
    }
    try {
      JsonNode node = Json.mapper().readTree(json);
      return node == null ? Json.mapper().createObjectNode() : node;
    } catch (Exception e) {
      throw new BadRequestException(
          "tool call arguments are not valid JSON: " + ErrorMapper.truncate(json), "messages");
    }
  }

  public static ObjectNode object() {
    return Json.mapper().createObjectNode();
  }

  /** The text of a field, or {@code null}. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** An int field, or 0. */
  public static int integer(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isNumber() ? 0 : v.asInt();
  }

  /**
   * One conversation turn being built: a role and its content blocks (Anthropic) or parts (Gemini).
   */
  public record Turn(String role, List<JsonNode> content) {}

  /**
   * Appends {@code content} as a turn of {@code role}, merged into the last turn when it has the
   * same role (both Anthropic and Gemini require alternating roles). Empty content adds nothing.
   */
  public static void addTurn(List<Turn> turns, String role, List<JsonNode> content) {
    if (content.isEmpty()) {
      return;
    }
    Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
    if (last != null && last.role().equals(role)) {
      last.content().addAll(content);
    } else {
      turns.add(new Turn(role, new java.util.ArrayList<>(content)));
    }
  }
}
