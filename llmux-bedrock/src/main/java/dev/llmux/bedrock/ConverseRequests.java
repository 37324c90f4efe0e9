package dev.llmux.bedrock;

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
import dev.llmux.providers.internal.anthropic.AnthropicRequests;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI chat request → Bedrock Converse / ConverseStream request body (the model id goes in the
 * URL). Stateless.
 *
 * <ul>
 *   <li>{@code system} / {@code developer} messages → {@code system: [{text}]}; the rest → {@code
 *       messages}, consecutive turns of one role merged (Bedrock wants alternating roles); tool
 *       results are user turns of {@code toolResult} blocks.
 *   <li>Images: {@code data:} URLs → {@code image.source.bytes} (png, jpeg, gif, webp); {@code
 *       s3://} URLs → {@code image.source.s3Location}; {@code http(s)} URLs are refused (Bedrock
 *       does not fetch URLs).
 *   <li>{@code max_tokens} / {@code max_completion_tokens}, {@code temperature}, {@code top_p},
 *       {@code stop} → {@code inferenceConfig}.
 *   <li>Tools → {@code toolConfig.tools[].toolSpec} ({@code inputSchema.json}); {@code tool_choice}
 *       auto / required / named → {@code auto} / {@code any} / {@code tool}; {@code none} sends no
 *       tools. A conversation that holds tool calls but offers no tools gets a stub spec for each
 *       tool it used (Bedrock refuses tool blocks without a {@code toolConfig}).
 *   <li>{@code response_format: json_schema} → a tool named after the schema, forced, its input
 *       returned as the content (as for {@code anthropic}); {@code json_object} → an instruction in
 *       {@code system}.
 *   <li>Anthropic models: {@code reasoning_effort} → {@code additionalModelRequestFields.thinking}
 *       (as for {@code anthropic}; {@code temperature} then not sent), {@code top_k} → {@code
 *       additionalModelRequestFields.top_k}. OpenAI models (gpt-oss): {@code reasoning_effort}
 *       passed in {@code additionalModelRequestFields}. Other models: both dropped.
 *   <li>Passed through from the request's extra fields: {@code additionalModelRequestFields},
 *       {@code additionalModelResponseFieldPaths}, {@code guardrailConfig}, {@code
 *       performanceConfig}, {@code promptVariables}, {@code requestMetadata}, {@code serviceTier}.
 *   <li>{@code n > 1} is refused; {@code presence_penalty}, {@code frequency_penalty}, {@code
 *       seed}, {@code logit_bias}, {@code logprobs}, {@code user}, {@code parallel_tool_calls} are
 *       dropped.
 * </ul>
 */
final class ConverseRequests {
  static final String DEFAULT_JSON_TOOL = "json_output";
  private static final List<String> PASS_THROUGH =
      List.of(
          "additionalModelResponseFieldPaths",
          "guardrailConfig",
          "performanceConfig",
          "promptVariables",
          "requestMetadata",
          "serviceTier");

  private ConverseRequests() {}

  /** The name of the tool carrying json_schema output, or {@code null}. */
  static String jsonToolName(ChatCompletionRequest r) {
    ResponseFormat f = r.responseFormat();
    if (f == null || !"json_schema".equals(f.type()) || f.jsonSchema() == null) {
      return null;
    }
    String name = f.jsonSchema().name();
    return name == null || name.isBlank() ? DEFAULT_JSON_TOOL : name;
  }

  static ObjectNode body(ChatCompletionRequest r, String modelId) {
    if (r.n() != null && r.n() > 1) {
      throw new BadRequestException("n > 1 is not supported by bedrock", "n");
    }
    String family = ModelIds.family(modelId);
    boolean anthropic = family.equals("anthropic");
    ObjectNode body = Translation.object();

    ArrayNode system = Json.mapper().createArrayNode();
    List<Translation.Turn> turns = new ArrayList<>();
    Set<String> usedTools = new LinkedHashSet<>();
    for (ChatMessage m : r.messages()) {
      switch (m.role()) {
        case Role.SYSTEM:
        case Role.DEVELOPER:
          String text = m.text();
          if (text != null && !text.isEmpty()) {
            system.addObject().put("text", text);
          }
          break;
        case Role.USER:
          Translation.addTurn(turns, "user", userBlocks(m));
          break;
        case Role.ASSISTANT:
          Translation.addTurn(turns, "assistant", assistantBlocks(m, usedTools));
          break;
        case Role.TOOL:
          {
            if (m.toolCallId() == null) {
              throw new BadRequestException("a tool message needs tool_call_id", "messages");
            }
            ObjectNode result = Translation.object();
            ObjectNode tr = result.putObject("toolResult");
            tr.put("toolUseId", Translation.portableToolId(m.toolCallId()));
            String content = m.text();
            tr.putArray("content")
                .addObject()
                .put("text", content == null || content.isEmpty() ? " " : content);
            tr.put("status", "success");
            Translation.addTurn(turns, "user", List.of(result));
            break;
          }
        default:
          throw new BadRequestException(
              "unsupported message role '" + m.role() + "' for bedrock", "messages");
      }
    }
    if (r.responseFormat() != null && "json_object".equals(r.responseFormat().type())) {
      system.addObject().put("text", "Respond only with a valid JSON object.");
    }
    ArrayNode messages = body.putArray("messages");
    for (Translation.Turn t : turns) {
      ObjectNode msg = messages.addObject().put("role", t.role());
      msg.putArray("content").addAll(t.content());
    }
    if (!system.isEmpty()) {
      body.set("system", system);
    }

    int budget = anthropic ? AnthropicRequests.thinkingBudget(r.reasoningEffort()) : 0;
    ObjectNode inference = Translation.object();
    Integer asked = r.outputTokenLimit();
    if (budget > 0) {
      int max =
          asked != null
              ? asked
              : AnthropicRequests.defaultMaxTokens("claude-" + claudeName(modelId));
      inference.put("maxTokens", max <= budget ? budget + max : max);
    } else if (asked != null) {
      inference.put("maxTokens", asked);
    }
    if (r.temperature() != null && budget == 0) {
      inference.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      inference.put("topP", r.topP());
    }
    if (r.stop() != null && !r.stop().isEmpty()) {
      ArrayNode stop = inference.putArray("stopSequences");
      r.stop().forEach(stop::add);
    }
    if (!inference.isEmpty()) {
      body.set("inferenceConfig", inference);
    }

    tools(r, body, usedTools, budget > 0);

    ObjectNode additional = Translation.object();
    Object callerAdditional = r.extra().get("additionalModelRequestFields");
    if (callerAdditional instanceof Map<?, ?>) {
      additional.setAll((ObjectNode) Json.mapper().valueToTree(callerAdditional));
    }
    if (anthropic) {
      if (budget > 0) {
        additional.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
      }
      Object topK = r.extra().get("top_k");
      if (topK instanceof Number k && budget == 0) {
        additional.put("top_k", k.intValue());
      }
    } else if (family.equals("openai") && r.reasoningEffort() != null) {
      additional.put("reasoning_effort", r.reasoningEffort().toLowerCase(Locale.ROOT));
    }
    if (!additional.isEmpty()) {
      body.set("additionalModelRequestFields", additional);
    }
    for (String key : PASS_THROUGH) {
      Object v = r.extra().get(key);
      if (v != null) {
        body.set(key, Json.mapper().valueToTree(v));
      }
    }
    return body;
  }

  /** {@code claude-3-5-sonnet-20241022-v2:0} from any Anthropic id, for the default max tokens. */
  private static String claudeName(String modelId) {
    String name = ModelIds.modelName(modelId);
    return name.startsWith("claude-") ? name.substring("claude-".length()) : name;
  }

  private static void tools(
      ChatCompletionRequest r, ObjectNode body, Set<String> usedTools, boolean thinking) {
    String jsonTool = jsonToolName(r);
    boolean callerTools = r.tools() != null && !r.tools().isEmpty();
    ToolChoice tc = r.toolChoice();
    boolean none = tc != null && !tc.isNamed() && "none".equals(tc.mode());
    ArrayNode tools = Json.mapper().createArrayNode();
    Set<String> declared = new LinkedHashSet<>();
    if (callerTools && !(none && usedTools.isEmpty())) {
      for (Tool t : r.tools()) {
        if (!"function".equals(t.type()) || t.function() == null) {
          throw new BadRequestException(
              "bedrock supports function tools only, got '" + t.type() + "'", "tools");
        }
        ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", t.function().name());
        if (t.function().description() != null && !t.function().description().isEmpty()) {
          spec.put("description", t.function().description());
        }
        Map<String, Object> params = t.function().parameters();
        spec.putObject("inputSchema")
            .set("json", params == null ? emptySchema() : Json.mapper().valueToTree(params));
        declared.add(t.function().name());
      }
    }
    if (jsonTool != null && !none) {
      ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", jsonTool);
      String description = r.responseFormat().jsonSchema().description();
      spec.put(
          "description", description != null ? description : "Respond with the structured output.");
      Map<String, Object> schema = r.responseFormat().jsonSchema().schema();
      spec.putObject("inputSchema")
          .set("json", schema == null ? emptySchema() : Json.mapper().valueToTree(schema));
      declared.add(jsonTool);
    }
    for (String used : usedTools) {
      if (!declared.contains(used)) {
        // Bedrock refuses toolUse / toolResult blocks when toolConfig does not declare the tool.
        tools
            .addObject()
            .putObject("toolSpec")
            .put("name", used)
            .put("description", "A tool used earlier in this conversation.")
            .putObject("inputSchema")
            .set("json", emptySchema());
        declared.add(used);
      }
    }
    if (tools.isEmpty()) {
      return;
    }
    ObjectNode config = body.putObject("toolConfig");
    config.set("tools", tools);
    ObjectNode choice = null;
    if (tc != null && !none) {
      choice = Translation.object();
      if (tc.isNamed()) {
        choice.putObject("tool").put("name", tc.functionName());
      } else if ("required".equals(tc.mode())) {
        choice.putObject("any");
      } else {
        choice.putObject("auto");
      }
    } else if (tc == null && jsonTool != null && !callerTools && !thinking) {
      choice = Translation.object();
      choice.putObject("tool").put("name", jsonTool);
    }
    if (choice != null) {
      config.set("toolChoice", choice);
    }
  }

  private static ObjectNode emptySchema() {
    ObjectNode s = Translation.object().put("type", "object");
    s.putObject("properties");
    return s;
  }

  private static List<JsonNode> userBlocks(ChatMessage m) {
    List<JsonNode> blocks = new ArrayList<>();
    if (m.content() == null) {
      return blocks;
    }
    for (ContentPart p : m.content().parts()) {
      if (p.isText()) {
        if (p.text() != null && !p.text().isEmpty()) {
          blocks.add(Translation.object().put("text", p.text()));
        }
      } else if (p.isImage() && p.imageUrl() != null) {
        blocks.add(image(p.imageUrl().url()));
      } else {
        throw new BadRequestException(
            "content part type '"
                + p.type()
                + "' is not supported by bedrock (text and image_url are)",
            "messages");
      }
    }
    return blocks;
  }

  static ObjectNode image(String url) {
    ObjectNode block = Translation.object();
    ObjectNode image = block.putObject("image");
    if (Translation.isDataUrl(url)) {
      Translation.DataUrl data = Translation.dataUrl(url);
      image.put("format", format(data.mediaType()));
      image.putObject("source").put("bytes", data.base64());
    } else if (url.regionMatches(true, 0, "s3://", 0, 5)) {
      int dot = url.lastIndexOf('.');
      image.put("format", format("image/" + (dot < 0 ? "" : url.substring(dot + 1))));
      image.putObject("source").putObject("s3Location").put("uri", url);
    } else {
      throw new BadRequestException(
          "bedrock takes images as data: URLs or s3:// locations, not "
              + (url.length() > 40 ? url.substring(0, 40) + "..." : url),
          "messages");
    }
    return block;
  }

  private static String format(String mediaType) {
    switch (mediaType.toLowerCase(Locale.ROOT)) {
      case "image/png":
        return "png";
      case "image/jpeg":
      case "image/jpg":
        return "jpeg";
      case "image/gif":
        return "gif";
      case "image/webp":
        return "webp";
      default:
        throw new BadRequestException(
            "bedrock images must be png, jpeg, gif or webp, got " + mediaType, "messages");
    }
  }

  private static List<JsonNode> assistantBlocks(ChatMessage m, Set<String> usedTools) {
    List<JsonNode> blocks = new ArrayList<>();
    String text = m.text();
    if (text != null && !text.isEmpty()) {
      blocks.add(Translation.object().put("text", text));
    }
    if (m.toolCalls() != null) {
      for (ToolCall call : m.toolCalls()) {
        if (call.function() == null) {
          continue;
        }
        ObjectNode use = Translation.object();
        ObjectNode tu = use.putObject("toolUse");
        tu.put("toolUseId", Translation.portableToolId(call.id()))
            .put("name", call.function().name());
        tu.set("input", Translation.arguments(call.function().arguments()));
        blocks.add(use);
        usedTools.add(call.function().name());
      }
    }
    return blocks;
  }
}
