package dev.llmux.providers.internal.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.ResponseFormat;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.providers.internal.Translation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI chat request → Gemini {@code GenerateContentRequest}. Stateless.
 *
 * <ul>
 *   <li>{@code system}/{@code developer} → {@code systemInstruction}; user → role {@code user},
 *       assistant → role {@code model}; consecutive same-role turns merged.
 *   <li>Tool calls → {@code functionCall} parts; tool messages → {@code functionResponse} parts in
 *       a user turn, named after the call they answer (matched by {@code tool_call_id}, else by
 *       order); the response is the tool's JSON object, else {@code {"content": text}}.
 *   <li>JSON schemas (tool parameters, {@code json_schema}) lose the keywords Gemini's schema
 *       subset rejects: {@code $schema}, {@code additionalProperties}, {@code strict}.
 *   <li>{@code reasoning_effort} low/medium/high → {@code thinkingConfig.thinkingBudget}
 *       1024/8192/24576 with {@code includeThoughts}; none/minimal → budget 0.
 * </ul>
 */
public final class GeminiRequests {
  private GeminiRequests() {}

  public static ObjectNode body(ChatCompletionRequest r) {
    ObjectNode body = Translation.object();
    ArrayNode system = Json.mapper().createArrayNode();
    List<Translation.Turn> turns = new ArrayList<>();
    Map<String, String> callNames = new HashMap<>();
    List<String> pendingCalls = new ArrayList<>();
    for (ChatMessage m : r.messages()) {
      switch (m.role()) {
        case Role.SYSTEM:
        case Role.DEVELOPER:
          if (m.text() != null && !m.text().isEmpty()) {
            system.addObject().put("text", m.text());
          }
          break;
        case Role.USER:
          Translation.addTurn(turns, "user", userParts(m));
          break;
        case Role.ASSISTANT:
          {
            List<JsonNode> parts = new ArrayList<>();
            if (m.text() != null && !m.text().isEmpty()) {
              parts.add(Translation.object().put("text", m.text()));
            }
            pendingCalls.clear();
            if (m.toolCalls() != null) {
              for (ToolCall c : m.toolCalls()) {
                if (c.function() == null) {
                  continue;
                }
                ObjectNode call = Translation.object().put("name", c.function().name());
                call.set("args", Translation.arguments(c.function().arguments()));
                ObjectNode part = Translation.object();
                part.set("functionCall", call);
                int mark = c.id() == null ? -1 : c.id().indexOf(GeminiResponses.SIGNATURE_MARK);
                if (mark >= 0) {
                  part.put(
                      "thoughtSignature",
                      c.id().substring(mark + GeminiResponses.SIGNATURE_MARK.length()));
                }
                parts.add(part);
                if (c.id() != null) {
                  callNames.put(c.id(), c.function().name());
                }
                pendingCalls.add(c.function().name());
              }
            }
            Translation.addTurn(turns, "model", parts);
            break;
          }
        case Role.TOOL:
          {
            String name = m.toolCallId() == null ? null : callNames.get(m.toolCallId());
            if (name == null && m.name() != null) {
              name = m.name();
            }
            if (name == null && !pendingCalls.isEmpty()) {
              name = pendingCalls.get(0);
            }
            if (name == null) {
              throw new BadRequestException(
                  "tool message with tool_call_id '"
                      + m.toolCallId()
                      + "' answers no earlier tool call",
                  "messages");
            }
            pendingCalls.remove(name);
            ObjectNode response = Translation.object().put("name", name);
            response.set("response", toolResponse(m.text()));
            Translation.addTurn(
                turns, "user", List.of(Translation.object().set("functionResponse", response)));
            break;
          }
        default:
          throw new BadRequestException(
              "unsupported message role '" + m.role() + "' for gemini", "messages");
      }
    }
    ArrayNode contents = body.putArray("contents");
    for (Translation.Turn t : turns) {
      ObjectNode c = contents.addObject().put("role", t.role());
      c.putArray("parts").addAll(t.content());
    }
    if (!system.isEmpty()) {
      body.putObject("systemInstruction").set("parts", system);
    }
    if (r.tools() != null && !r.tools().isEmpty()) {
      ArrayNode decls = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (Tool t : r.tools()) {
        if (!"function".equals(t.type()) || t.function() == null) {
          throw new BadRequestException(
              "gemini supports function tools only, got '" + t.type() + "'", "tools");
        }
        ObjectNode d = decls.addObject().put("name", t.function().name());
        if (t.function().description() != null) {
          d.put("description", t.function().description());
        }
        if (t.function().parameters() != null && !t.function().parameters().isEmpty()) {
          d.set("parameters", schema(t.function().parameters()));
        }
      }
    }
    ToolChoice tc = r.toolChoice();
    if (tc != null && r.tools() != null && !r.tools().isEmpty()) {
      ObjectNode fc = body.putObject("toolConfig").putObject("functionCallingConfig");
      if (tc.isNamed()) {
        fc.put("mode", "ANY").putArray("allowedFunctionNames").add(tc.functionName());
      } else {
        fc.put(
            "mode",
            switch (tc.mode()) {
              case "required" -> "ANY";
              case "none" -> "NONE";
              default -> "AUTO";
            });
      }
    }
    ObjectNode gen = Translation.object();
    if (r.temperature() != null) {
      gen.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      gen.put("topP", r.topP());
    }
    if (r.extra().get("top_k") instanceof Number k) {
      gen.put("topK", k.intValue());
    }
    if (r.outputTokenLimit() != null) {
      gen.put("maxOutputTokens", r.outputTokenLimit());
    }
    if (r.stop() != null && !r.stop().isEmpty()) {
      ArrayNode stop = gen.putArray("stopSequences");
      r.stop().forEach(stop::add);
    }
    if (r.n() != null && r.n() > 1) {
      gen.put("candidateCount", r.n());
    }
    if (r.presencePenalty() != null) {
      gen.put("presencePenalty", r.presencePenalty());
    }
    if (r.frequencyPenalty() != null) {
      gen.put("frequencyPenalty", r.frequencyPenalty());
    }
    if (r.seed() != null) {
      gen.put("seed", r.seed());
    }
    ResponseFormat f = r.responseFormat();
    if (f != null && "json_object".equals(f.type())) {
      gen.put("responseMimeType", "application/json");
    } else if (f != null && "json_schema".equals(f.type()) && f.jsonSchema() != null) {
      gen.put("responseMimeType", "application/json");
      if (f.jsonSchema().schema() != null) {
        gen.set("responseSchema", schema(f.jsonSchema().schema()));
      }
    }
    if (r.reasoningEffort() != null) {
      int budget = thinkingBudget(r.reasoningEffort());
      ObjectNode thinking = gen.putObject("thinkingConfig").put("thinkingBudget", budget);
      if (budget > 0) {
        thinking.put("includeThoughts", true);
      }
    }
    if (!gen.isEmpty()) {
      body.set("generationConfig", gen);
    }
    return body;
  }

  public static int thinkingBudget(String effort) {
    switch (effort.toLowerCase(Locale.ROOT)) {
      case "none":
      case "minimal":
        return 0;
      case "low":
        return 1024;
      case "medium":
        return 8192;
      case "high":
        return 24576;
      default:
        throw new BadRequestException(
            "reasoning_effort must be none, minimal, low, medium or high, got '" + effort + "'",
            "reasoning_effort");
    }
  }

  private static JsonNode toolResponse(String text) {
    if (text != null) {
      String t = text.strip();
      if (t.startsWith("{")) {
        try {
          JsonNode node = Json.mapper().readTree(t);
          if (node != null && node.isObject()) {
            return node;
          }
        } catch (Exception notJson) {
          // plain text
        }
      }
    }
    return Translation.object().put("content", text == null ? "" : text);
  }

  /** A JSON schema with the keywords Gemini rejects removed (recursively). */
  public static JsonNode schema(Map<String, Object> schema) {
    JsonNode node = Json.mapper().valueToTree(schema);
    strip(node);
    return node;
  }

  private static void strip(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      o.remove("$schema");
      o.remove("additionalProperties");
      o.remove("strict");
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        strip(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(GeminiRequests::strip);
    }
  }

  private static List<JsonNode> userParts(ChatMessage m) {
    List<JsonNode> parts = new ArrayList<>();
    if (m.content() == null) {
      return parts;
    }
    for (ContentPart p : m.content().parts()) {
      if (p.isText()) {
        if (p.text() != null && !p.text().isEmpty()) {
          parts.add(Translation.object().put("text", p.text()));
        }
      } else if (p.isImage() && p.imageUrl() != null) {
        String url = p.imageUrl().url();
        if (Translation.isDataUrl(url)) {
          Translation.DataUrl data = Translation.dataUrl(url);
          parts.add(
              Translation.object()
                  .set(
                      "inlineData",
                      Translation.object()
                          .put("mimeType", data.mediaType())
                          .put("data", data.base64())));
        } else {
          ObjectNode file = Translation.object();
          String mime = mimeFromUrl(url);
          if (mime != null) {
            file.put("mimeType", mime);
          }
          file.put("fileUri", url);
          parts.add(Translation.object().set("fileData", file));
        }
      } else {
        throw new BadRequestException(
            "content part type '"
                + p.type()
                + "' is not supported by gemini (text and image_url are)",
            "messages");
      }
    }
    return parts;
  }

  public static String mimeFromUrl(String url) {
    String path = url.toLowerCase(Locale.ROOT);
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.endsWith(".png")) {
      return "image/png";
    }
    if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (path.endsWith(".webp")) {
      return "image/webp";
    }
    if (path.endsWith(".gif")) {
      return "image/gif";
    }
    if (path.endsWith(".pdf")) {
      return "application/pdf";
    }
    return null;
  }
}
