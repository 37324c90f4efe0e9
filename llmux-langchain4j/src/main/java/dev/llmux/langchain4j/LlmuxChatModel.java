package dev.llmux.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link ChatModel} served by an {@link LlmRouter}: every call goes to a model group
 * (the request's {@code modelName}, else the group given here) with the router's retries, fallbacks
 * and cooldowns.
 *
 * <pre>{@code
 * ChatModel model = LlmuxChatModel.of(router, "gpt-4o");
 * }</pre>
 *
 * <p>Translation: system, user (text and images, by URL or base64), AI (text and tool execution
 * requests) and tool execution result messages; tool specifications become function tools (their
 * {@code JsonObjectSchema} as JSON schema), tool choice, response format (JSON object or JSON
 * schema, strict), temperature, top-p, max output tokens ({@code max_tokens}), stop sequences,
 * frequency and presence penalties; {@code topK} is sent as {@code top_k}, which OpenAI-compatible
 * servers read and OpenAI rejects. Responses carry the text, reasoning ({@code thinking}), tool
 * execution requests, token usage (the router's, estimated when the provider reported none) and the
 * finish reason.
 *
 * <p>Errors are not wrapped: a failed call throws the router's {@link
 * dev.llmux.api.error.LlmException} (for example {@code RateLimitException}, {@code
 * BadRequestException}, {@code NotFoundException} for an unknown group), which tells the OpenAI
 * error type, HTTP status and retry-after. A message type or content LLMux cannot send (audio, PDF,
 * video, custom messages) is an {@link IllegalArgumentException}.
 */
public final class LlmuxChatModel implements ChatModel {
  private final LlmRouter router;
  private final String modelGroup;
  private final ChatRequestParameters defaults;
  private final Supplier<RequestContext> context;
  private final List<ChatModelListener> listeners;

  private LlmuxChatModel(Builder b) {
    this.router = Objects.requireNonNull(b.router, "router");
    this.modelGroup = Objects.requireNonNull(b.modelGroup, "modelGroup");
    this.defaults =
        DefaultChatRequestParameters.builder()
            .modelName(modelGroup)
            .overrideWith(b.defaults == null ? DefaultChatRequestParameters.EMPTY : b.defaults)
            .build();
    this.context = b.context;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A model serving {@code modelGroup} from {@code router}. */
  public static LlmuxChatModel of(LlmRouter router, String modelGroup) {
    return builder(router).modelGroup(modelGroup).build();
  }

  public static Builder builder(LlmRouter router) {
    return new Builder(router);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    RouteResult<ChatCompletionResponse> result =
        router.chat(Translator.toRequest(request, modelGroup), Contexts.get(context));
    return Translator.toResponse(result.response(), result.usage());
  }

  @Override
  public List<ChatModelListener> listeners() {
    return listeners;
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return defaults;
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OTHER;
  }

  /** Builder of {@link LlmuxChatModel}. */
  public static final class Builder {
    private final LlmRouter router;
    private String modelGroup;
    private ChatRequestParameters defaults;
    private Supplier<RequestContext> context = () -> RequestContext.EMPTY;
    private List<ChatModelListener> listeners = List.of();

    private Builder(LlmRouter router) {
      this.router = router;
    }

    /** The model group (or alias) used when a request names no model; required. */
    public Builder modelGroup(String modelGroup) {
      this.modelGroup = modelGroup;
      return this;
    }

    /** Default parameters (temperature, tools...); a request's own parameters override them. */
    public Builder defaultRequestParameters(ChatRequestParameters defaults) {
      this.defaults = defaults;
      return this;
    }

    /**
     * The request context of each call (identities, tags, timeout...); default {@link
     * RequestContext#EMPTY}.
     */
    public Builder context(Supplier<RequestContext> context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /** LangChain4j listeners, told of every request, response and error. */
    public Builder listeners(List<ChatModelListener> listeners) {
      this.listeners = Objects.requireNonNull(listeners, "listeners");
      return this;
    }

    public LlmuxChatModel build() {
      return new LlmuxChatModel(this);
    }
  }
}
