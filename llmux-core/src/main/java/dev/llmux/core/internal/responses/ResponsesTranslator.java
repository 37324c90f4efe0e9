package dev.llmux.core.internal.responses;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.ContentPart;
import dev.llmux.api.chat.FinishReason;
import dev.llmux.api.chat.FunctionDefinition;
import dev.llmux.api.chat.ImageUrl;
import dev.llmux.api.chat.JsonSchema;
import dev.llmux.api.chat.MessageContent;
import dev.llmux.api.chat.ResponseFormat;
import dev.llmux.api.chat.Role;
import dev.llmux.api.chat.Tool;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.ToolChoice;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.responses.ResponseContent;
import dev.llmux.api.responses.ResponseItem;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseTool;
import dev.llmux.api.responses.ResponseUsage;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.responses.TextConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps the Responses API and legacy completions onto chat completions and back, for providers
 * without a native API. Stateless.
 *
 * <p>Responses → chat: {@code instructions} → a leading system message; input messages keep their
 * role ({@code input_text}/{@code output_text} → text, {@code input_image} → {@code image_url});
 * consecutive {@code function_call} items → one assistant message with {@code tool_calls}; {@code
 * function_call_output} → a tool message; {@code reasoning} input items are dropped; function
 * tools, {@code tool_choice}, {@code parallel_tool_calls}, {@code text.format} → {@code
 * response_format}, {@code max_output_tokens} → {@code max_tokens}, {@code reasoning.effort} →
 * {@code reasoning_effort}, {@code temperature}, {@code top_p}, {@code user}. Non-function tools
 * and other item types are a {@link BadRequestException}.
 *
 * <p>Chat → Responses: reasoning → a {@code reasoning} item (summary text); text → a {@code
 * message} item with one {@code output_text}; tool calls → {@code function_call} items; finish
 * {@code length} → status {@code incomplete} ({@code max_output_tokens}), {@code content_filter} →
 * {@code incomplete} ({@code content_filter}); usage mapped.
 */
public final class ResponsesTranslator {
  private ResponsesTranslator() {}

  /** Rejects what LLMux does not implement: stored responses. */
  public static void checkSupported(ResponsesRequest r) {
    if (r.model() == null || r.model().isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    if (r.previousResponseId() != null) {
      throw new BadRequestException(
          "previous_response_id is not supported: LLMux does not store responses; send the conversation as input items",
          "previous_response_id");
    }
    if (Boolean.TRUE.equals(r.store())) {
      throw new BadRequestException(
          "store: true is not supported: LLMux does not store responses", "store");
    }
  }

  /**
   * The chat request {@code r} maps onto, for estimates (prompt tokens, output cap) and strategies;
   * {@code null} when it cannot map (then only native deployments can serve it).
   */
  public static @Nullable ChatCompletionRequest chatShapeOf(ResponsesRequest r) {
    try {
      return toChat(r);
    } catch (BadRequestException | IllegalArgumentException notMappable) {
      return null;
    }
  }

  /** The chat request a legacy completion maps onto, or {@code null} when it cannot map. */
  public static @Nullable ChatCompletionRequest chatShapeOf(CompletionRequest r) {
    try {
      return toChat(r);
    } catch (BadRequestException | IllegalArgumentException notMappable) {
      return null;
    }
  }

  /**
   * {@code r} as a native upstream gets it: {@code model} and {@code stream} set, and {@code store:
   * false} unless asked (LLMux does not store responses, so it asks the upstream not to either;
   * OpenAI's default is to store).
   */
  public static ResponsesRequest nativeRequest(
      ResponsesRequest r, String model, @Nullable Boolean stream) {
    return r.withModel(model)
        .withStream(stream)
        .withStore(r.store() == null ? Boolean.FALSE : r.store());
  }

  /** The chat request a Responses request maps onto ({@code model} unchanged). */
  public static ChatCompletionRequest toChat(ResponsesRequest r) {
    if (r.model() == null || r.model().isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    ChatCompletionRequest.Builder b = ChatCompletionRequest.builder().model(r.model());
    List<ChatMessage> messages = new ArrayList<>();
    if (r.instructions() != null && !r.instructions().isEmpty()) {
      messages.add(ChatMessage.system(r.instructions()));
    }
    for (ResponseItem item : r.inputItems()) {
      switch (item.kind()) {
        case ResponseItem.MESSAGE:
          messages.add(message(item));
          break;
        case ResponseItem.FUNCTION_CALL:
          {
            ToolCall call =
                ToolCall.function(
                    item.callId(), item.name(), item.arguments() == null ? "{}" : item.arguments());
            ChatMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
            if (last != null && Role.ASSISTANT.equals(last.role())) {
              List<ToolCall> calls =
                  new ArrayList<>(last.toolCalls() == null ? List.of() : last.toolCalls());
              calls.add(call);
              messages.set(
                  messages.size() - 1,
                  new ChatMessage(
                      Role.ASSISTANT,
                      last.content(),
                      last.name(),
                      calls,
                      null,
                      last.refusal(),
                      last.reasoningContent(),
                      last.extra()));
            } else {
              messages.add(ChatMessage.assistant(null, List.of(call)));
            }
            break;
          }
        case ResponseItem.FUNCTION_CALL_OUTPUT:
          messages.add(ChatMessage.tool(item.callId(), item.outputText()));
          break;
        case ResponseItem.REASONING:
          break;
        default:
          throw new BadRequestException(
              "input item type '"
                  + item.kind()
                  + "' is not supported by this deployment (mapped onto chat completions)",
              "input");
      }
    }
    b.messages(messages);
    if (r.tools() != null && !r.tools().isEmpty()) {
      List<Tool> tools = new ArrayList<>();
      for (ResponseTool t : r.tools()) {
        if (!"function".equals(t.type())) {
          throw new BadRequestException(
              "tool type '"
                  + t.type()
                  + "' is not supported by this deployment (mapped onto chat completions; only function tools are)",
              "tools");
        }
        if (t.name() == null) {
          throw new BadRequestException("a function tool needs a name", "tools");
        }
        tools.add(
            Tool.function(
                new FunctionDefinition(
                    t.name(), t.description(), t.parameters(), t.strict(), Map.of())));
      }
      b.tools(tools);
    }
    if (r.toolChoice() != null) {
      b.toolChoice(toolChoice(r.toolChoice()));
    }
    b.parallelToolCalls(r.parallelToolCalls());
    TextConfig text = r.text();
    if (text != null && text.format() != null) {
      TextConfig.Format f = text.format();
      if ("json_schema".equals(f.type())) {
        b.responseFormat(
            ResponseFormat.jsonSchema(
                new JsonSchema(f.name(), f.description(), f.schema(), f.strict(), Map.of())));
      } else if ("json_object".equals(f.type())) {
        b.responseFormat(ResponseFormat.JSON_OBJECT);
      }
    }
    b.maxTokens(r.maxOutputTokens());
    if (r.reasoning() != null) {
      b.reasoningEffort(r.reasoning().effort());
    }
    b.temperature(r.temperature()).topP(r.topP()).user(r.user());
    return b.build();
  }

  private static ToolChoice toolChoice(Object choice) {
    if (choice instanceof String s) {
      switch (s) {
        case "none":
          return ToolChoice.NONE;
        case "required":
          return ToolChoice.REQUIRED;
        case "auto":
          return ToolChoice.AUTO;
        default:
          throw new BadRequestException(
              "tool_choice must be none, auto, required or a function", "tool_choice");
      }
    }
    if (choice instanceof Map<?, ?> m
        && "function".equals(m.get("type"))
        && m.get("name") instanceof String name) {
      return ToolChoice.function(name);
    }
    throw new BadRequestException(
        "tool_choice " + choice + " is not supported by this deployment", "tool_choice");
  }

  private static ChatMessage message(ResponseItem item) {
    String role = item.role() == null ? Role.USER : item.role();
    if (Role.ASSISTANT.equals(role)) {
      return ChatMessage.assistant(item.text());
    }
    List<ResponseContent> parts = item.contentParts();
    boolean textOnly = parts.stream().allMatch(p -> p.text() != null);
    if (textOnly) {
      return new ChatMessage(
          role, MessageContent.of(item.text()), null, null, null, null, null, Map.of());
    }
    List<ContentPart> out = new ArrayList<>();
    for (ResponseContent p : parts) {
      if (p.text() != null) {
        out.add(ContentPart.text(p.text()));
      } else if ("input_image".equals(p.type()) && p.imageUrl() != null) {
        out.add(
            new ContentPart(
                ContentPart.IMAGE_URL,
                null,
                new ImageUrl(p.imageUrl(), p.detail(), Map.of()),
                Map.of()));
      } else {
        throw new BadRequestException(
            "content type '"
                + p.type()
                + "' is not supported by this deployment (mapped onto chat completions)",
            "input");
      }
    }
    return new ChatMessage(role, MessageContent.of(out), null, null, null, null, null, Map.of());
  }

  /** The Responses object a chat completion maps to. */
  public static ResponseObject toResponse(ChatCompletionResponse chat, ResponsesRequest request) {
    ChatChoice choice = chat.choices().isEmpty() ? null : chat.choices().get(0);
    List<ResponseItem> output = new ArrayList<>();
    String base = chat.id() == null ? "llmux" : chat.id();
    if (choice != null && choice.message() != null) {
      ChatMessage m = choice.message();
      if (m.reasoningContent() != null && !m.reasoningContent().isEmpty()) {
        output.add(
            ResponseItem.reasoning(
                "rs_" + base, List.of(ResponseContent.summaryText(m.reasoningContent()))));
      }
      String text = m.text();
      if (text != null && !text.isEmpty()) {
        output.add(
            ResponseItem.message(
                "msg_" + base,
                Role.ASSISTANT,
                "completed",
                List.of(ResponseContent.outputText(text))));
      }
      if (m.toolCalls() != null) {
        for (ToolCall c : m.toolCalls()) {
          output.add(
              ResponseItem.functionCall(
                  "fc_" + c.id(),
                  c.id(),
                  c.function() == null ? null : c.function().name(),
                  c.function() == null ? null : c.function().arguments(),
                  "completed"));
        }
      }
    }
    String finish = choice == null ? null : choice.finishReason();
    return new ResponseObject(
        "resp_" + base,
        ResponseObject.OBJECT,
        chat.created(),
        status(finish),
        chat.model(),
        output,
        chat.usage() == null ? null : ResponseUsage.of(chat.usage()),
        incomplete(finish),
        null,
        request.instructions(),
        request.metadata(),
        Map.of());
  }

  static String status(@Nullable String finish) {
    return FinishReason.LENGTH.equals(finish) || FinishReason.CONTENT_FILTER.equals(finish)
        ? "incomplete"
        : "completed";
  }

  static @Nullable Map<String, Object> incomplete(@Nullable String finish) {
    if (FinishReason.LENGTH.equals(finish)) {
      return Map.of("reason", "max_output_tokens");
    }
    if (FinishReason.CONTENT_FILTER.equals(finish)) {
      return Map.of("reason", "content_filter");
    }
    return null;
  }

  // ------------------------------------------------------------ legacy completions

  /**
   * The chat request a legacy completion maps onto: the prompt as one user message; {@code
   * max_tokens}, {@code temperature}, {@code top_p}, {@code n}, {@code stop}, {@code
   * presence_penalty}, {@code frequency_penalty}, {@code seed}, {@code user} kept. {@code suffix},
   * {@code echo}, {@code logprobs}, several prompts and token-id prompts are a {@link
   * BadRequestException}.
   */
  public static ChatCompletionRequest toChat(CompletionRequest r) {
    if (r.model() == null || r.model().isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    List<String> prompts = r.prompts();
    if (prompts == null || prompts.size() != 1) {
      throw new BadRequestException(
          "this deployment maps completions onto chat and takes exactly one text prompt", "prompt");
    }
    if (r.suffix() != null || Boolean.TRUE.equals(r.echo()) || r.logprobs() != null) {
      throw new BadRequestException(
          "suffix, echo and logprobs need a native completions upstream", "prompt");
    }
    return ChatCompletionRequest.builder()
        .model(r.model())
        .addMessage(ChatMessage.user(prompts.get(0)))
        .maxTokens(r.maxTokens())
        .temperature(r.temperature())
        .topP(r.topP())
        .n(r.n())
        .stop(r.stop())
        .presencePenalty(r.presencePenalty())
        .frequencyPenalty(r.frequencyPenalty())
        .seed(r.seed())
        .user(r.user())
        .build();
  }

  /** The legacy completion a chat completion maps to: one text choice per chat choice. */
  public static CompletionResponse toCompletion(ChatCompletionResponse chat) {
    List<CompletionResponse.Choice> choices = new ArrayList<>();
    for (ChatChoice c : chat.choices()) {
      String text = c.message() == null || c.message().text() == null ? "" : c.message().text();
      choices.add(new CompletionResponse.Choice(text, c.index(), null, c.finishReason(), Map.of()));
    }
    return new CompletionResponse(
        chat.id(),
        CompletionResponse.OBJECT,
        chat.created(),
        chat.model(),
        choices,
        chat.usage(),
        chat.systemFingerprint(),
        Map.of());
  }
}
