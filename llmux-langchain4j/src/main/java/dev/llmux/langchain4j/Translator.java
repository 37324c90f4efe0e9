package dev.llmux.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.FunctionDefinition;
import dev.llmux.api.chat.JsonSchema;
import dev.llmux.api.chat.MessageContent;
import dev.llmux.api.chat.ResponseFormat;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.chat.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** LangChain4j requests and responses to and from LLMux's OpenAI-shaped records. */
final class Translator {
  private Translator() {}

  static ChatCompletionRequest toRequest(ChatRequest request, String defaultGroup) {
    String model = request.modelName() != null ? request.modelName() : defaultGroup;
    ChatCompletionRequest.Builder b = ChatCompletionRequest.builder().model(model);
    for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
      b.addMessage(message(m));
    }
    List<ToolSpecification> specs = request.toolSpecifications();
    if (specs != null && !specs.isEmpty()) {
      List<Tool> tools = new ArrayList<>(specs.size());
      for (ToolSpecification s : specs) {
        tools.add(
            Tool.function(
                new FunctionDefinition(
                    s.name(),
                    s.description(),
                    parameters(s.parameters(), Boolean.TRUE.equals(s.strict())),
                    s.strict(),
                    null)));
      }
      b.tools(tools);
    }
    if (request.toolChoice() != null) {
      b.toolChoice(
          switch (request.toolChoice()) {
            case AUTO -> ToolChoice.AUTO;
            case REQUIRED -> ToolChoice.REQUIRED;
            case NONE -> ToolChoice.NONE;
          });
    }
    dev.langchain4j.model.chat.request.ResponseFormat rf = request.responseFormat();
    if (rf != null && rf.type() == ResponseFormatType.JSON) {
      if (rf.jsonSchema() != null && rf.jsonSchema().rootElement() != null) {
        String name = rf.jsonSchema().name() != null ? rf.jsonSchema().name() : "response";
        b.responseFormat(
            ResponseFormat.jsonSchema(
                JsonSchema.of(
                    name,
                    JsonSchemaElementUtils.toMap(rf.jsonSchema().rootElement(), true),
                    true)));
      } else {
        b.responseFormat(ResponseFormat.JSON_OBJECT);
      }
    }
    b.temperature(request.temperature())
        .topP(request.topP())
        .maxTokens(request.maxOutputTokens())
        .frequencyPenalty(request.frequencyPenalty())
        .presencePenalty(request.presencePenalty());
    if (request.stopSequences() != null && !request.stopSequences().isEmpty()) {
      b.stop(request.stopSequences());
    }
    if (request.topK() != null) {
      // not an OpenAI parameter; OpenAI-compatible servers (vLLM, Ollama...) read it
      b.extra("top_k", request.topK());
    }
    return b.build();
  }

  private static Map<String, Object> parameters(JsonObjectSchema schema, boolean strict) {
    if (schema == null) {
      Map<String, Object> empty = new LinkedHashMap<>();
      empty.put("type", "object");
      empty.put("properties", Map.of());
      return empty;
    }
    return JsonSchemaElementUtils.toMap(schema, strict);
  }

  static ChatMessage message(dev.langchain4j.data.message.ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return ChatMessage.system(s.text());
    }
    if (m instanceof UserMessage u) {
      MessageContent content;
      if (u.hasSingleText()) {
        content = MessageContent.of(u.singleText());
      } else {
        List<ContentPart> parts = new ArrayList<>();
        for (Content c : u.contents()) {
          parts.add(part(c));
        }
        content = MessageContent.of(parts);
      }
      return new ChatMessage(Role.USER, content, u.name(), null, null, null, null, null);
    }
    if (m instanceof AiMessage ai) {
      List<ToolCall> calls = null;
      if (ai.hasToolExecutionRequests()) {
        calls = new ArrayList<>();
        for (ToolExecutionRequest r : ai.toolExecutionRequests()) {
          calls.add(ToolCall.function(r.id(), r.name(), r.arguments()));
        }
      }
      return ChatMessage.assistant(ai.text(), calls);
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return ChatMessage.tool(t.id(), t.text());
    }
    throw new IllegalArgumentException("LLMux cannot send a " + m.type() + " message");
  }

  private static ContentPart part(Content c) {
    if (c instanceof TextContent t) {
      return ContentPart.text(t.text());
    }
    if (c instanceof ImageContent i) {
      String url =
          i.image().url() != null
              ? i.image().url().toString()
              : "data:" + i.image().mimeType() + ";base64," + i.image().base64Data();
      String detail =
          i.detailLevelSpecified() && i.detailLevel() != null
              ? i.detailLevel().name().toLowerCase(Locale.ROOT)
              : null;
      return ContentPart.image(url, detail);
    }
    throw new IllegalArgumentException("LLMux sends text and image content only, not " + c.type());
  }

  static ChatResponse toResponse(ChatCompletionResponse r, Usage usage) {
    ChatMessage message = r.choices().isEmpty() ? null : r.choices().get(0).message();
    String finish = r.choices().isEmpty() ? null : r.choices().get(0).finishReason();
    AiMessage ai =
        aiMessage(
            message == null ? null : message.text(),
            message == null ? null : message.reasoningContent(),
            message == null ? null : message.toolCalls());
    return ChatResponse.builder()
        .aiMessage(ai)
        .metadata(
            ChatResponseMetadata.builder()
                .id(r.id())
                .modelName(r.model())
                .tokenUsage(tokenUsage(usage != null ? usage : r.usage()))
                .finishReason(finishReason(finish))
                .build())
        .build();
  }

  static AiMessage aiMessage(String text, String thinking, List<ToolCall> toolCalls) {
    List<ToolExecutionRequest> requests = new ArrayList<>();
    if (toolCalls != null) {
      for (ToolCall c : toolCalls) {
        requests.add(
            ToolExecutionRequest.builder()
                .id(c.id())
                .name(c.function() == null ? null : c.function().name())
                .arguments(c.function() == null ? null : c.function().arguments())
                .build());
      }
    }
    AiMessage.Builder b =
        AiMessage.builder()
            .text(text == null || text.isEmpty() && !requests.isEmpty() ? null : text);
    if (thinking != null && !thinking.isEmpty()) {
      b.thinking(thinking);
    }
    if (!requests.isEmpty()) {
      b.toolExecutionRequests(requests);
    }
    return b.build();
  }

  static TokenUsage tokenUsage(Usage u) {
    return u == null
        ? null
        : new TokenUsage(u.promptTokens(), u.completionTokens(), u.totalTokens());
  }

  static FinishReason finishReason(String f) {
    if (f == null) {
      return null;
    }
    return switch (f) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_EXECUTION;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }
}
