package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ResponseEventStream;
import dev.llmux.core.CallRecord;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.internal.RequestIds;
import dev.llmux.core.RequestContext;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.responses.ChatToResponseEvents;
import dev.llmux.core.internal.responses.ResponsesTranslator;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;

/**
 * Serves Responses API and legacy completion requests through the router's pipeline (model
 * groups, strategies, retries, fallbacks, cooldowns, metrics and tracing, cost from the price table):
 * natively on deployments whose provider {@link Provider#supportsResponses() supports} it, mapped
 * onto chat with {@link ResponsesTranslator} / {@link ChatToResponseEvents} elsewhere. The choice is
 * made per attempt, so a fallback may move between native and mapped deployments. Budgets and rate
 * limits are admitted and settled by {@link LlmRouter} around these calls.
 *
 * <p>Not (yet) applied to these calls: interceptors and the response cache.
 */
public final class ResponsesRouting {
  public static final String TEXT_COMPLETION = "text_completion";
  /** The {@link CallRecord#operation()} of Responses API calls (routed, metered and traced as chat). */
  public static final String RESPONSES = "responses";

  private final Pipeline pipeline;
  private final RouterRouting routing;
  private final Ticker ticker;
  private final Clock clock;

  public ResponsesRouting(Pipeline pipeline, RouterRouting routing, Ticker ticker, Clock clock) {
    this.pipeline = pipeline;
    this.routing = routing;
    this.ticker = ticker;
    this.clock = clock;
  }

  /** The chat-shaped request a Responses request maps to, for token estimates; null when it cannot map. */
  public static ChatCompletionRequest estimateOf(ResponsesRequest r) {
    return estimateRequest(r);
  }

  /** The chat-shaped request a completion request maps to, for token estimates; null when it cannot map. */
  public static ChatCompletionRequest estimateOf(CompletionRequest r) {
    try {
      return ResponsesTranslator.toChat(r);
    } catch (BadRequestException | IllegalArgumentException notMappable) {
      return null;
    }
  }

  private <T> Pipeline.Outcome<T> run(String model, ChatCompletionRequest estimate, RequestContext ctx,
      String requestId, Pipeline.Attempter<T> attempter, RequestScope scope) {
    try {
      return pipeline.run(model, estimate, ctx, requestId, attempter, scope);
    } catch (RuntimeException e) {
      routing.telemetry.failed(scope, e);
      throw e;
    }
  }

  public RouteResult<ResponseObject> responses(ResponsesRequest request, RequestContext ctx) {
    ResponsesTranslator.checkSupported(request);
    long start = ticker.read();
    String requestId = requestId(ctx);
    ChatCompletionRequest estimate = estimateRequest(request);
    RequestScope scope = routing.telemetry.begin(RouterTelemetry.CHAT, false, request.model(), requestId, ctx,
        estimate, null);
    scope.callOperation = RESPONSES;
    Pipeline.Outcome<ResponseObject> o = run(request.model(), estimate, ctx, requestId,
        (provider, d, options) -> {
          if (provider.supportsResponses()) {
            return provider.responses(nativeRequest(request, d.model(), null), options);
          }
          ChatCompletionRequest chat = ResponsesTranslator.toChat(request).withModel(d.model());
          return ResponsesTranslator.toResponse(provider.chat(chat, options), request);
        }, scope);
    Usage usage = null;
    Double cost = null;
    try {
      ResponseObject response = o.value();
      Deployment d = o.deployment();
      usage = response.usage() != null ? response.usage().toUsage()
          : Usage.of(scope.tokens.forDeployment(d), TokenCounter.text(TokenCounter.kindFor(d.model()), response.outputText()));
      cost = routing.cost(d, usage);
      return new RouteResult<>(response, requestId, request.model(), o.modelGroup(), d.id(),
          d.provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), null, usage, cost, false,
          scope.callId);
    } finally {
      routing.telemetry.settled(scope, usage, cost, null, "success", null);
    }
  }

  public RouteResult<CompletionResponse> completions(CompletionRequest request, RequestContext ctx) {
    if (request.model() == null || request.model().isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    if (Boolean.TRUE.equals(request.stream())) {
      throw new BadRequestException("streamed legacy completions are not supported; use chat streaming", "stream");
    }
    // Native upstreams take every completions field; only mapped attempts need the chat shape.
    ChatCompletionRequest chatShape;
    BadRequestException notMappable = null;
    try {
      chatShape = ResponsesTranslator.toChat(request);
    } catch (BadRequestException e) {
      chatShape = null;
      notMappable = e;
    }
    long start = ticker.read();
    String requestId = requestId(ctx);
    final ChatCompletionRequest mapped = chatShape;
    final BadRequestException mapError = notMappable;
    RequestScope scope = routing.telemetry.begin(TEXT_COMPLETION, false, request.model(), requestId, ctx,
        chatShape, null);
    Pipeline.Outcome<CompletionResponse> o = run(request.model(), chatShape, ctx, requestId,
        (provider, d, options) -> {
          if (provider.supportsCompletions()) {
            return provider.completions(request.withModel(d.model()), options);
          }
          if (mapError != null) {
            throw mapError;
          }
          return ResponsesTranslator.toCompletion(provider.chat(mapped.withModel(d.model()), options));
        }, scope);
    Usage usage = null;
    Double cost = null;
    try {
      CompletionResponse response = o.value();
      Deployment d = o.deployment();
      usage = response.usage() != null ? response.usage()
          : Usage.of(scope.tokens.forDeployment(d),
              TokenCounter.text(TokenCounter.kindFor(d.model()), response.text() == null ? "" : response.text()));
      cost = routing.cost(d, usage);
      return new RouteResult<>(response, requestId, request.model(), o.modelGroup(), d.id(),
          d.provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), null, usage, cost, false,
          scope.callId);
    } finally {
      routing.telemetry.settled(scope, usage, cost, null, "success", null);
    }
  }

  public ResponseStream stream(ResponsesRequest request, RequestContext ctx,
      java.util.function.Consumer<RouteResult<Void>> onEnd) {
    ResponsesTranslator.checkSupported(request);
    long start = ticker.read();
    String requestId = requestId(ctx);
    ChatCompletionRequest estimate = estimateRequest(request);
    RequestScope scope = routing.telemetry.begin(RouterTelemetry.CHAT, true, request.model(), requestId, ctx,
        estimate, null);
    scope.callOperation = RESPONSES;
    Pipeline.Outcome<Source> o = run(request.model(), estimate, ctx, requestId,
        (provider, d, options) -> {
          Source s;
          if (provider.supportsResponses()) {
            s = new NativeSource(provider.streamResponses(nativeRequest(request, d.model(), true), options));
          } else {
            ChatCompletionRequest chat = ResponsesTranslator.toChat(request).toBuilder()
                .model(d.model()).stream(true).streamOptions(StreamOptions.withUsage()).build();
            s = new MappedSource(provider.streamChat(chat, options),
                new ChatToResponseEvents(request, clock.millis() / 1000));
          }
          try {
            if (!s.fill()) {
              throw new UpstreamServerException("stream from " + d.id() + " ended before its first event", null, null);
            }
            return s;
          } catch (RuntimeException e) {
            s.close();
            throw e;
          }
        }, scope);
    Deployment d = o.deployment();
    Duration ttft = Duration.ofNanos(ticker.read() - start);
    return new Routed(o.value(), usage -> new RouteResult<>(null, requestId, request.model(),
        o.modelGroup(), d.id(), d.provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), ttft,
        usage, usage == null ? null : routing.cost(d, usage), false, scope.callId),
        scope.tokens.forDeployment(d), TokenCounter.kindFor(d.model()),
        (result, error, cancelled) -> {
          try {
            routing.telemetry.settled(scope, result.usage(), result.cost(), ttft,
                cancelled ? "cancelled" : "success", error);
          } finally {
            onEnd.accept(result);
          }
        });
  }

  /** Told once when a routed event stream ends. */
  @FunctionalInterface
  interface StreamEnd {
    void ended(RouteResult<Void> result, Throwable error, boolean cancelled);
  }

  private static ResponsesRequest nativeRequest(ResponsesRequest r, String model, Boolean stream) {
    // LLMux does not store responses: ask the upstream not to either (OpenAI's default is to store).
    return r.withModel(model).withStream(stream).withStore(r.store() == null ? Boolean.FALSE : r.store());
  }

  private static ChatCompletionRequest estimateRequest(ResponsesRequest r) {
    try {
      return ResponsesTranslator.toChat(r);
    } catch (BadRequestException | IllegalArgumentException notMappable) {
      return null; // only native deployments can serve it; nothing to estimate from
    }
  }

  private static String requestId(RequestContext ctx) {
    return RequestIds.of(ctx);
  }

  /** Where events come from: a native event stream, or a chat stream being mapped. */
  private abstract static class Source {
    final ArrayDeque<ResponseStreamEvent> queue = new ArrayDeque<>();
    Usage usage;

    /** Pulls until at least one event is queued; false at the end. */
    abstract boolean fill();

    abstract void close();

    void seen(ResponseStreamEvent e) {
      if (e.response() != null && e.response().usage() != null) {
        usage = e.response().usage().toUsage();
      }
    }
  }

  private static final class NativeSource extends Source {
    private final ResponseEventStream upstream;

    NativeSource(ResponseEventStream upstream) {
      this.upstream = upstream;
    }

    @Override
    boolean fill() {
      if (!queue.isEmpty()) {
        return true;
      }
      if (!upstream.hasNext()) {
        return false;
      }
      ResponseStreamEvent e = upstream.next();
      seen(e);
      queue.add(e);
      return true;
    }

    @Override
    void close() {
      upstream.close();
    }
  }

  private static final class MappedSource extends Source {
    private final ChunkStream upstream;
    private final ChatToResponseEvents translator;
    private boolean ended;

    MappedSource(ChunkStream upstream, ChatToResponseEvents translator) {
      this.upstream = upstream;
      this.translator = translator;
    }

    @Override
    boolean fill() {
      while (queue.isEmpty()) {
        if (ended) {
          return false;
        }
        if (upstream.hasNext()) {
          ChatCompletionChunk c = upstream.next();
          translator.onChunk(c, e -> { seen(e); queue.add(e); });
        } else {
          ended = true;
          translator.onEnd(e -> { seen(e); queue.add(e); });
          if (usage == null && translator.usage() != null) {
            usage = translator.usage();
          }
        }
      }
      return true;
    }

    @Override
    void close() {
      upstream.close();
    }
  }

  private static final class Routed implements ResponseStream {
    private final Source source;
    private final java.util.function.Function<Usage, RouteResult<Void>> results;
    private final int promptEstimate;
    private final TokenCounter.Kind tokenizer;
    private final StreamEnd onEnd;
    private final StringBuilder seenText = new StringBuilder();
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean done;
    private volatile boolean cancelled;
    private Throwable failure;
    private volatile RouteResult<Void> result;

    Routed(Source source, java.util.function.Function<Usage, RouteResult<Void>> results, int promptEstimate,
        TokenCounter.Kind tokenizer, StreamEnd onEnd) {
      this.source = source;
      this.results = results;
      this.promptEstimate = promptEstimate;
      this.tokenizer = tokenizer;
      this.onEnd = onEnd;
    }

    @Override
    public boolean hasNext() {
      if (!source.queue.isEmpty()) {
        return true;
      }
      if (done) {
        return false;
      }
      try {
        if (source.fill()) {
          return true;
        }
      } catch (RuntimeException e) {
        if (cancelled) {
          return false;
        }
        failure = e;
        end();
        throw e;
      }
      end();
      return false;
    }

    @Override
    public ResponseStreamEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException("stream has ended");
      }
      ResponseStreamEvent e = source.queue.poll();
      if (e.delta() != null && e.type() != null && e.type().endsWith("output_text.delta")) {
        seenText.append(e.delta());
      }
      return e;
    }

    private void end() {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      done = true;
      try {
        source.close();
      } finally {
        Usage usage = source.usage != null ? source.usage
            : Usage.of(promptEstimate, TokenCounter.text(tokenizer, seenText.toString()));
        RouteResult<Void> r = results.apply(usage);
        result = r;
        onEnd.ended(r, failure, cancelled);
      }
    }

    @Override
    public RouteResult<Void> result() {
      return result != null ? result : results.apply(null);
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public void close() {
      if (!done) {
        cancelled = true;
        end();
      }
    }
  }
}
