package dev.llmux.providers.internal.anthropic;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI chat request → Anthropic Messages request body. Stateless.
 *
 * <ul>
 *   <li>{@code system} and {@code developer} messages become top-level {@code system} text blocks;
 *       the other messages become {@code messages}, consecutive turns of the same role merged (tool
 *       results are user turns, so several tool messages make one user turn of {@code tool_result}
 *       blocks).
 *   <li>{@code max_tokens} is always sent: the caller's, else {@link #defaultMaxTokens(String)}.
 *   <li>{@code reasoning_effort} low/medium/high → {@code thinking.budget_tokens} 1024/4096/16384;
 *       when {@code max_tokens} is not above the budget it becomes budget + max_tokens. With
 *       thinking on, {@code temperature} and {@code top_k} are not sent (Anthropic rejects them
 *       with thinking).
 *   <li>{@code response_format: json_schema} → a tool named after the schema with the schema as
 *       {@code input_schema}, forced with {@code tool_choice: tool} (auto when the caller also
 *       offers tools or thinking is on); its call is returned as the message content. {@code
 *       json_object} → an instruction appended to {@code system}.
 * </ul>
 */
public final class AnthropicRequests {
  /** The tool name used for json_schema output when the schema has no name. */
  public static final String DEFAULT_JSON_TOOL = "json_output";

  /** Max output tokens of known Claude models, by model-name prefix (longest match wins). */
  public static final Map<String, Integer> MAX_OUTPUT_TOKENS =
      Map.ofEntries(
          Map.entry("claude-opus-4-5", 64000),
          Map.entry("claude-opus-4-1", 32000),
          Map.entry("claude-opus-4", 32000),
          Map.entry("claude-sonnet-4-5", 64000),
          Map.entry("claude-sonnet-4", 64000),
          Map.entry("claude-haiku-4-5", 64000),
          Map.entry("claude-3-7-sonnet", 64000),
          Map.entry("claude-3-5-sonnet", 8192),
          Map.entry("claude-3-5-haiku", 8192),
          Map.entry("claude-3-opus", 4096),
          Map.entry("claude-3-sonnet", 4096),
          Map.entry("claude-3-haiku", 4096));

  /** Used for models not in {@link #MAX_OUTPUT_TOKENS}. */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private AnthropicRequests() {}

  public static int defaultMaxTokens(String model) {
    String best = null;
    for (String prefix : MAX_OUTPUT_TOKENS.keySet()) {
      if (model.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? DEFAULT_MAX_TOKENS : MAX_OUTPUT_TOKENS.get(best);
  }

  /** The thinking budget for a {@code reasoning_effort}, or 0 for none. */
  public static int thinkingBudget(String effort) {
    if (effort == null) {
      return 0;
    }
    switch (effort.toLowerCase(Locale.ROOT)) {
      case "none":
      case "minimal":
        return 0;
      case "low":
        return 1024;
      case "medium":
        return 4096;
      case "high":
        return 16384;
      default:
        throw new BadRequestException(
            "reasoning_effort must be none, minimal, low, medium or high, got '" + effort + "'",
            "reasoning_effort");
    }
  }

  /** The name of the tool that carries json_schema output, or {@code null} when none. */
  public static String jsonToolName(ChatCompletionRequest r) {
    ResponseFormat f = r.responseFormat();
    if (f == null || !"json_schema".equals(f.type()) || f.jsonSchema() == null) {
      return null;
    }
    String name = f.jsonSchema().name();
    return name == null || name.isBlank() ? DEFAULT_JSON_TOOL : name;
  }

  public static ObjectNode body(ChatCompletionRequest r, boolean stream) {
    if (r.n() != null && r.n() > 1) {
      throw new BadRequestException("n > 1 is not supported by anthropic", "n");
    }
    ObjectNode body = Translation.object();
    body.put("model", r.model());

    ArrayNode system = Json.mapper().createArrayNode();
    List<Translation.Turn> turns = new ArrayList<>();
    for (ChatMessage m : r.messages()) {
      switch (m.role()) {
        case Role.SYSTEM:
        case Role.DEVELOPER:
          String text = m.text();
          if (text != null && !text.isEmpty()) {
            system.addObject().put("type", "text").put("text", text);
          }
          break;
        case Role.USER:
          Translation.addTurn(turns, "user", userBlocks(m));
          break;
        case Role.ASSISTANT:
          Translation.addTurn(turns, "assistant", assistantBlocks(m));
          break;
        case Role.TOOL:
          ObjectNode result = Translation.object().put("type", "tool_result");
          if (m.toolCallId() == null) {
            throw new BadRequestException("a tool message needs tool_call_id", "messages");
          }
          result.put("tool_use_id", Translation.portableToolId(m.toolCallId()));
          result.put("content", m.text() == null ? "" : m.text());
          Translation.addTurn(turns, "user", List.of(result));
          break;
        default:
          throw new BadRequestException(
              "unsupported message role '" + m.role() + "' for anthropic", "messages");
      }
    }
    if (r.responseFormat() != null && "json_object".equals(r.responseFormat().type())) {
      system.addObject().put("type", "text").put("text", "Respond only with a valid JSON object.");
    }

    int budget = thinkingBudget(r.reasoningEffort());
    Integer asked = r.outputTokenLimit();
    int maxTokens = asked != null ? asked : defaultMaxTokens(r.model());
    if (budget > 0 && maxTokens <= budget) {
      maxTokens = budget + maxTokens;
    }
    body.put("max_tokens", maxTokens);
    if (!system.isEmpty()) {
      body.set("system", system);
    }
    ArrayNode messages = body.putArray("messages");
    for (Translation.Turn t : turns) {
      ObjectNode msg = messages.addObject().put("role", t.role());
      msg.putArray("content").addAll(t.content());
    }
    if (r.stop() != null && !r.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      r.stop().forEach(stop::add);
    }
    if (budget > 0) {
      body.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
    } else if (r.temperature() != null) {
      body.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      body.put("top_p", r.topP());
    }
    Object topK = r.extra().get("top_k");
    if (topK instanceof Number k && budget == 0) {
      body.put("top_k", k.intValue());
    }
    if (r.user() != null) {
      body.putObject("metadata").put("user_id", r.user());
    }
    tools(r, body, budget > 0);
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private static void tools(ChatCompletionRequest r, ObjectNode body, boolean thinking) {
    String jsonTool = jsonToolName(r);
    boolean callerTools = r.tools() != null && !r.tools().isEmpty();
    if (!callerTools && jsonTool == null) {
      return;
    }
    ArrayNode tools = body.putArray("tools");
    if (callerTools) {
      for (Tool t : r.tools()) {
        if (!"function".equals(t.type()) || t.function() == null) {
          throw new BadRequestException(
              "anthropic supports function tools only, got '" + t.type() + "'", "tools");
        }
        ObjectNode tool = tools.addObject().put("name", t.function().name());
        if (t.function().description() != null) {
          tool.put("description", t.function().description());
        }
        Map<String, Object> params = t.function().parameters();
        tool.set(
            "input_schema",
            params == null
                ? Translation.object().put("type", "object").set("properties", Translation.object())
                : Json.mapper().valueToTree(params));
      }
    }
    if (jsonTool != null) {
      ObjectNode tool = tools.addObject().put("name", jsonTool);
      String description = r.responseFormat().jsonSchema().description();
      tool.put(
          "description", description != null ? description : "Respond with the structured output.");
      Map<String, Object> schema = r.responseFormat().jsonSchema().schema();
      tool.set(
          "input_schema",
          schema == null
              ? Translation.object().put("type", "object")
              : Json.mapper().valueToTree(schema));
    }
    ObjectNode choice = null;
    ToolChoice tc = r.toolChoice();
    if (tc != null) {
      choice = Translation.object();
      if (tc.isNamed()) {
        choice.put("type", "tool").put("name", tc.functionName());
      } else {
        switch (tc.mode()) {
          case "required":
            choice.put("type", "any");
            break;
          case "none":
            choice.put("type", "none");
            break;
          default:
            choice.put("type", "auto");
        }
      }
    } else if (jsonTool != null && !callerTools && !thinking) {
      choice = Translation.object().put("type", "tool").put("name", jsonTool);
    }
    if (Boolean.FALSE.equals(r.parallelToolCalls())) {
      if (choice == null) {
        choice = Translation.object().put("type", "auto");
      }
      if (!"none".equals(choice.path("type").asText())) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      body.set("tool_choice", choice);
    }
  }

  private static List<JsonNode> userBlocks(ChatMessage m) {
    List<JsonNode> blocks = new ArrayList<>();
    if (m.content() == null) {
      return blocks;
    }
    for (ContentPart p : m.content().parts()) {
      if (p.isText()) {
        if (p.text() != null && !p.text().isEmpty()) {
          blocks.add(Translation.object().put("type", "text").put("text", p.text()));
        }
      } else if (p.isImage() && p.imageUrl() != null) {
        String url = p.imageUrl().url();
        ObjectNode source = Translation.object();
        if (Translation.isDataUrl(url)) {
          Translation.DataUrl data = Translation.dataUrl(url);
          source
              .put("type", "base64")
              .put("media_type", data.mediaType())
              .put("data", data.base64());
        } else {
          source.put("type", "url").put("url", url);
        }
        ObjectNode image = Translation.object().put("type", "image");
        image.set("source", source);
        blocks.add(image);
      } else {
        throw new BadRequestException(
            "content part type '"
                + p.type()
                + "' is not supported by anthropic (text and image_url are)",
            "messages");
      }
    }
    return blocks;
  }

  private static List<JsonNode> assistantBlocks(ChatMessage m) {
    List<JsonNode> blocks = new ArrayList<>();
    String text = m.text();
    if (text != null && !text.isEmpty()) {
      blocks.add(Translation.object().put("type", "text").put("text", text));
    }
    if (m.toolCalls() != null) {
      for (ToolCall call : m.toolCalls()) {
        if (call.function() == null) {
          continue;
        }
        ObjectNode use =
            Translation.object()
                .put("type", "tool_use")
                .put("id", Translation.portableToolId(call.id()))
                .put("name", call.function().name());
        use.set("input", Translation.arguments(call.function().arguments()));
        blocks.add(use);
      }
    }
    return blocks;
  }
}
