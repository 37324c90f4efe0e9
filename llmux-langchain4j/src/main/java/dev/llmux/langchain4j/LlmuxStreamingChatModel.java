package dev.llmux.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.FunctionCall;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.LlmException;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.StreamListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link StreamingChatModel} served by an {@link LlmRouter}'s streams. The call
 * returns at once; the stream is consumed on the router's executor and delivered to the handler:
 * {@code onPartialResponse} per content delta, {@code onPartialThinking} per reasoning delta,
 * {@code onPartialToolCall} per non-empty tool-call argument fragment, {@code onCompleteToolCall}
 * per finished tool call, then {@code onCompleteResponse} with the assembled message, usage and
 * finish reason. A failure (before the first chunk, after the router's retries and fallbacks, or
 * mid-stream) reaches {@code onError} as the router's {@link LlmException}. Translation as in
 * {@link LlmuxChatModel}.
 */
public final class LlmuxStreamingChatModel implements StreamingChatModel {
  private final LlmRouter router;
  private final String modelGroup;
  private final ChatRequestParameters defaults;
  private final Supplier<RequestContext> context;
  private final List<ChatModelListener> listeners;

  private LlmuxStreamingChatModel(Builder b) {
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

  public static LlmuxStreamingChatModel of(LlmRouter router, String modelGroup) {
    return builder(router).modelGroup(modelGroup).build();
  }

  public static Builder builder(LlmRouter router) {
    return new Builder(router);
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    dev.llmux.api.chat.ChatCompletionRequest req;
    try {
      req = Translator.toRequest(request, modelGroup);
    } catch (RuntimeException e) {
      handler.onError(e);
      return;
    }
    router.stream(req, Contexts.get(context), new Assembler(handler));
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

  /** Collects chunks into the final response while forwarding partial events. */
  private static final class Assembler implements StreamListener {
    private final StreamingChatResponseHandler handler;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder thinking = new StringBuilder();
    private final TreeMap<Integer, String[]> calls =
        new TreeMap<>(); // index -> {id, name, arguments}
    private String id;
    private String model;
    private String finish;
    private Usage usage;
    private boolean failed;

    Assembler(StreamingChatResponseHandler handler) {
      this.handler = handler;
    }

    @Override
    public void onChunk(ChatCompletionChunk chunk) {
      if (failed) {
        return;
      }
      try {
        if (id == null) {
          id = chunk.id();
        }
        if (chunk.model() != null) {
          model = chunk.model();
        }
        if (chunk.usage() != null) {
          usage = chunk.usage();
        }
        for (ChunkChoice c : chunk.choices()) {
          if (c.index() != 0) {
            continue;
          }
          if (c.finishReason() != null) {
            finish = c.finishReason();
          }
          if (c.delta() == null) {
            continue;
          }
          if (c.delta().content() != null && !c.delta().content().isEmpty()) {
            text.append(c.delta().content());
            handler.onPartialResponse(c.delta().content());
          }
          if (c.delta().reasoningContent() != null && !c.delta().reasoningContent().isEmpty()) {
            thinking.append(c.delta().reasoningContent());
            handler.onPartialThinking(
                new dev.langchain4j.model.chat.response.PartialThinking(
                    c.delta().reasoningContent()));
          }
          if (c.delta().toolCalls() != null) {
            for (ToolCall t : c.delta().toolCalls()) {
              toolCallDelta(t);
            }
          }
        }
      } catch (RuntimeException e) {
        failed = true;
        handler.onError(e);
      }
    }

    private void toolCallDelta(ToolCall t) {
      int index = t.index() == null ? calls.size() : t.index();
      String[] call = calls.computeIfAbsent(index, i -> new String[] {null, null, ""});
      if (t.id() != null) {
        call[0] = t.id();
      }
      FunctionCall f = t.function();
      if (f != null && f.name() != null) {
        call[1] = call[1] == null ? f.name() : call[1] + f.name();
      }
      String args = f == null || f.arguments() == null ? "" : f.arguments();
      call[2] = call[2] + args;
      if (!args.isEmpty()) { // LangChain4j requires a non-empty fragment
        handler.onPartialToolCall(
            PartialToolCall.builder()
                .index(index)
                .id(call[0])
                .name(call[1])
                .partialArguments(args)
                .build());
      }
    }

    @Override
    public void onComplete(RouteResult<Void> result) {
      if (failed) {
        return;
      }
      try {
        List<ToolCall> toolCalls = new ArrayList<>();
        for (var e : calls.entrySet()) {
          String[] c = e.getValue();
          ToolCall call = ToolCall.function(c[0], c[1], c[2].isEmpty() ? "{}" : c[2]);
          toolCalls.add(call);
          handler.onCompleteToolCall(
              new CompleteToolCall(
                  e.getKey(),
                  ToolExecutionRequest.builder()
                      .id(call.id())
                      .name(call.function().name())
                      .arguments(call.function().arguments())
                      .build()));
        }
        Usage u = result != null && result.usage() != null ? result.usage() : usage;
        ChatResponse response =
            ChatResponse.builder()
                .aiMessage(Translator.aiMessage(text.toString(), thinking.toString(), toolCalls))
                .metadata(
                    ChatResponseMetadata.builder()
                        .id(id)
                        .modelName(model)
                        .tokenUsage(Translator.tokenUsage(u))
                        .finishReason(Translator.finishReason(finish))
                        .build())
                .build();
        handler.onCompleteResponse(response);
      } catch (RuntimeException e) {
        handler.onError(e);
      }
    }

    @Override
    public void onError(LlmException error) {
      if (!failed) {
        failed = true;
        handler.onError(error);
      }
    }
  }

  /** Builder of {@link LlmuxStreamingChatModel}. */
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

    /** Default parameters; a request's own parameters override them. */
    public Builder defaultRequestParameters(ChatRequestParameters defaults) {
      this.defaults = defaults;
      return this;
    }

    /** The request context of each call; default {@link RequestContext#EMPTY}. */
    public Builder context(Supplier<RequestContext> context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /** LangChain4j listeners, told of every request, response and error. */
    public Builder listeners(List<ChatModelListener> listeners) {
      this.listeners = Objects.requireNonNull(listeners, "listeners");
      return this;
    }

    public LlmuxStreamingChatModel build() {
      return new LlmuxStreamingChatModel(this);
    }
  }
}
