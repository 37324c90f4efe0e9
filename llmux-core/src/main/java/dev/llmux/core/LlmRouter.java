package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.Embedding;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.model.Model;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.AsyncExecutor;
import dev.llmux.core.internal.PromptTokens;
import dev.llmux.core.internal.RequestIds;
import dev.llmux.core.internal.TokenCounter;
import dev.llmux.core.internal.cache.ReplayedChatStream;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.cache.StreamAssembler;
import dev.llmux.core.internal.governance.Governance;
import dev.llmux.core.internal.pipeline.Pipeline;
import dev.llmux.core.internal.pipeline.ResponsesRouting;
import dev.llmux.core.internal.pipeline.RoutedChatStream;
import dev.llmux.core.internal.routing.Cooldowns;
import dev.llmux.core.internal.routing.ErrorClass;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.routing.ProviderRegistry;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.internal.routing.Strategies;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import dev.llmux.core.internal.telemetry.Tracing;
import dev.llmux.core.spi.CooldownStore;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes OpenAI-shaped requests across the deployments of model groups, in process.
 *
 * <p>Build one per application with {@link #builder()} and share it: it is thread-safe. Each call
 * resolves the requested model (group, alias, wildcard or {@code provider/model}), picks a healthy
 * deployment with the routing strategy, and retries, falls back and cools deployments down as
 * configured. Every result says which deployment served it and what attempts were made. Close the
 * router to release its providers.
 *
 * <pre>{@code
 * try (LlmRouter router = LlmRouter.builder()
 *     .provider(ProviderConfig.of("openai", "openai", System.getenv("OPENAI_API_KEY"), null))
 *     .deployment(Deployment.builder("gpt-4o", "openai").build())
 *     .build()) {
 *   RouteResult<ChatCompletionResponse> r = router.chat(ChatCompletionRequest.of("gpt-4o", ChatMessage.user("Hi")));
 * }
 * }</pre>
 */
public final class LlmRouter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LlmRouter.class);

  private volatile ModelCatalog catalog;
  private final Pipeline pipeline;
  private final List<Interceptor> interceptors;
  private final Ticker ticker;
  private final Clock clock;
  private final AsyncExecutor async;
  private final ResponseCache cache;
  private final ResponsesRouting responsesRouting;
  private final Governance governance;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RouterRouting routing;

  private LlmRouter(Builder b, RouterSettings settings, ModelCatalog catalog) {
    this.catalog = catalog;
    this.ticker = b.ticker;
    this.clock = b.clock;
    this.interceptors = List.copyOf(b.interceptors);
    Cooldowns cooldowns = new Cooldowns(b.clock, settings,
        b.cooldownStore != null ? b.cooldownStore : CooldownStore.inMemory());
    // governance first: routing's per-deployment rpm/tpm share the rate limits' counters
    this.governance = Governance.create(b.governance != null ? b.governance
        : dev.llmux.core.governance.GovernanceConfig.builder().build(), b.clock, b.sleeper);
    this.routing = RouterRouting.create(b.routing, b.clock, b.ticker, () -> this.catalog, cooldowns,
        governance.deploymentCounters());
    this.pipeline = new Pipeline(() -> this.catalog, settings, cooldowns, routing.strategy, b.clock, b.ticker,
        b.sleeper, b.random, routing.selector, routing.telemetry);
    this.responsesRouting = new ResponsesRouting(pipeline, routing, b.ticker, b.clock);
    this.async = b.executor != null ? new AsyncExecutor(b.executor, false) : AsyncExecutor.createDefault();
    this.cache = b.cacheStore == null ? null
        : new ResponseCache(b.cacheStore, b.cacheTtl, b.cacheNamespace, b.cacheOptIn, b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a router from a YAML configuration file (LLMux's {@code providers}/{@code routing}/
   * {@code cache} shape or LiteLLM's {@code model_list}/{@code router_settings}); see
   * {@code docs/configuration.md}.
   *
   * @throws dev.llmux.core.config.ConfigException naming the file and line of a bad key or value
   */
  public static LlmRouter fromConfig(Path file) {
    return builder().config(ConfigLoader.load(file)).build();
  }

  // ---------------------------------------------------------------- chat

  /** A chat completion with no request context. */
  public RouteResult<ChatCompletionResponse> chat(ChatCompletionRequest request) {
    return chat(request, RequestContext.EMPTY);
  }

  /**
   * A chat completion. A {@code stream: true} in the request is ignored here; use {@link #stream}.
   *
   * @throws LlmException when every attempt and fallback failed (the last error)
   */
  public RouteResult<ChatCompletionResponse> chat(ChatCompletionRequest request, RequestContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    return new ChainImpl<ChatCompletionRequest, RouteResult<ChatCompletionResponse>>(
        0, request, context, Interceptor::interceptChat, this::governedChat).proceed(request, context);
  }

  /** The chat call on the router's executor (virtual threads where the runtime has them). */
  public CompletableFuture<RouteResult<ChatCompletionResponse>> chatAsync(
      ChatCompletionRequest request, RequestContext context) {
    return async.supply(() -> chat(request, context));
  }

  private RouteResult<ChatCompletionResponse> routeChat(ChatCompletionRequest original, RequestContext ctx,
      PromptTokens tokens) {
    checkOpen();
    long start = ticker.read();
    String requestId = RequestIds.of(ctx);
    CacheControl cc = ResponseCache.control(original.extra().get("cache"), ctx);
    ChatCompletionRequest request = withoutCacheField(original);
    String cacheKey = null;
    if (cache != null && cache.applies(cc)) {
      String group = catalog.resolve(request.model()).name();
      cacheKey = cache.chatKey(group, request, cc);
      ChatCompletionResponse hit = cache.get(cacheKey, cc, ChatCompletionResponse.class);
      if (hit != null) {
        return cacheHit(hit, hit.usage(), RouterTelemetry.CHAT, false, requestId, ctx, request.model(), group, start);
      }
    }
    RequestScope scope = routing.telemetry.begin(RouterTelemetry.CHAT, false, request.model(), requestId, ctx, request, null,
        tokens);
    Pipeline.Outcome<ChatCompletionResponse> o;
    try {
      o = pipeline.run(request.model(), request, ctx, requestId,
          (provider, d, options) -> provider.chat(upstream(request, d, false), options), scope);
    } catch (RuntimeException e) {
      routing.telemetry.failed(scope, e);
      throw e;
    }
    Usage usage = null;
    Double cost = null;
    try {
      ChatCompletionResponse response = o.value();
      usage = response.usage();
      if (usage == null) {
        usage = Usage.of(scope.tokens.forDeployment(o.deployment()),
            TokenCounter.text(TokenCounter.kindFor(o.deployment().model()), response.text()));
      }
      cost = routing.cost(o.deployment(), usage);
      if (cacheKey != null) {
        cache.put(cacheKey, response, cc);
      }
      return new RouteResult<>(response, requestId, request.model(), o.modelGroup(), o.deployment().id(),
          o.deployment().provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), null, usage,
          cost, false, scope.callId);
    } finally {
      routing.telemetry.settled(scope, usage, cost, null, "success", null);
    }
  }

  /** A call answered from the response cache: counted, reported to the call listeners, its result. */
  private <T> RouteResult<T> cacheHit(T value, Usage usage, String operation, boolean stream, String requestId,
      RequestContext ctx, String requested, String group, long start) {
    String callId = routing.telemetry.cacheHit(operation, stream, requested, group, requestId, ctx, usage, start);
    Duration latency = Duration.ofNanos(ticker.read() - start);
    return new RouteResult<>(value, requestId, requested, group, null, null, List.of(),
        latency, latency, usage, 0.0, true, callId);
  }

  /** The body's {@code cache} directives are LLMux's, not the upstream's: never forward them. */
  private static ChatCompletionRequest withoutCacheField(ChatCompletionRequest r) {
    if (!r.extra().containsKey("cache")) {
      return r;
    }
    Map<String, Object> extra = new LinkedHashMap<>(r.extra());
    extra.remove("cache");
    return r.toBuilder().extra(extra).build();
  }

  // ---------------------------------------------------------------- streaming

  /** A streamed chat completion with no request context. */
  public ChatStream stream(ChatCompletionRequest request) {
    return stream(request, RequestContext.EMPTY);
  }

  /**
   * A streamed chat completion. Returns once the first chunk has arrived; retries and fallbacks
   * happen before that. Close the stream when done (try-with-resources); closing early cancels the
   * upstream call.
   *
   * @throws LlmException when every attempt and fallback failed before a first chunk
   */
  public ChatStream stream(ChatCompletionRequest request, RequestContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    return new ChainImpl<ChatCompletionRequest, ChatStream>(
        0, request, context, Interceptor::interceptStream, this::governedStream).proceed(request, context);
  }

  /**
   * The callback form of {@link #stream(ChatCompletionRequest, RequestContext)}: the stream is
   * consumed on the router's executor and delivered to {@code listener}.
   *
   * @return a handle that cancels the stream (and the upstream call)
   */
  public Cancellable stream(ChatCompletionRequest request, RequestContext context, StreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    AtomicBoolean cancelled = new AtomicBoolean();
    ChatStream[] holder = new ChatStream[1];
    Object lock = new Object();
    try {
      async.run(() -> {
        ChatStream s;
        try {
          s = stream(request, context);
        } catch (LlmException e) {
          listener.onError(e);
          return;
        }
        synchronized (lock) {
          holder[0] = s;
        }
        try (s) {
          while (!cancelled.get() && s.hasNext()) {
            listener.onChunk(s.next());
          }
          if (cancelled.get()) {
            listener.onError(new UpstreamServerException("stream cancelled by the caller", null, null));
          } else {
            listener.onComplete(s.result());
          }
        } catch (LlmException e) {
          listener.onError(e);
        }
      });
    } catch (RateLimitException e) {
      listener.onError(e);
    }
    return () -> {
      if (cancelled.compareAndSet(false, true)) {
        synchronized (lock) {
          if (holder[0] != null) {
            holder[0].close();
          }
        }
      }
    };
  }

  private record Started(ChunkStream stream, ChatCompletionChunk first, long firstChunkNanos) {}

  private ChatStream routeStream(ChatCompletionRequest original, RequestContext ctx, Governance.Ticket ticket,
      PromptTokens tokens) {
    checkOpen();
    long start = ticker.read();
    String requestId = RequestIds.of(ctx);
    boolean callerWantsUsage = original.streamOptions() != null
        && Boolean.TRUE.equals(original.streamOptions().includeUsage());
    CacheControl cc = ResponseCache.control(original.extra().get("cache"), ctx);
    ChatCompletionRequest request = withoutCacheField(original);
    String cacheKey = null;
    if (cache != null && cache.applies(cc)) {
      String group = catalog.resolve(request.model()).name();
      cacheKey = cache.chatKey(group, request, cc);
      ChatCompletionResponse hit = cache.get(cacheKey, cc, ChatCompletionResponse.class);
      if (hit != null) {
        RouteResult<Void> r = cacheHit(null, hit.usage(), RouterTelemetry.CHAT, true, requestId, ctx, request.model(),
            group, start);
        return new ReplayedChatStream(StreamAssembler.replay(hit, callerWantsUsage), r);
      }
    }
    RequestScope scope = routing.telemetry.begin(RouterTelemetry.CHAT, true, request.model(), requestId, ctx, request, null,
        tokens);
    Pipeline.Outcome<Started> o;
    try {
      o = pipeline.run(request.model(), request, ctx, requestId,
        (provider, d, options) -> {
          ChunkStream s = provider.streamChat(upstream(request, d, true), options);
          try {
            if (!s.hasNext()) {
              throw new UpstreamServerException(
                  "stream from " + d.id() + " ended before its first chunk", null, null);
            }
            ChatCompletionChunk first = s.next();
            return new Started(s, first, ticker.read());
          } catch (RuntimeException e) {
            s.close();
            throw e;
          }
        }, scope);
    } catch (RuntimeException e) {
      routing.telemetry.failed(scope, e);
      throw e;
    }
    Started started = o.value();
    Duration ttft = Duration.ofNanos(started.firstChunkNanos() - start);
    Deployment d = o.deployment();
    RoutedChatStream.Observer settle = new RoutedChatStream.Observer() {
      @Override
      public void onEnd(RouteResult<Void> result, Throwable error, boolean cancelled) {
        log.debug("request {} stream ended: {} via {}", requestId, result.usage(), result.deploymentId());
        routing.telemetry.settled(scope, result.usage(), result.cost(), result.timeToFirstToken(),
            cancelled ? "cancelled" : "success", error);
      }
    };
    try {
      return new RoutedChatStream(started.stream(), started.first(), callerWantsUsage,
          scope.tokens.forDeployment(d), TokenCounter.kindFor(d.model()), ticker, start, ttft,
          (usage, latency, t) -> new RouteResult<>(null, requestId, request.model(), o.modelGroup(), d.id(),
              d.provider(), o.attempts(), latency, t, usage, usage == null ? null : routing.cost(d, usage), false,
              scope.callId),
          Governance.settling(ticket, cacheKey == null ? settle : cacheStore(cacheKey, cc).andThen(settle)));
    } catch (RuntimeException e) {
      started.stream().close();
      routing.telemetry.settled(scope, null, null, ttft, "success", e);
      throw e;
    }
  }

  /** Assembles a stream as it passes and stores it when it completes normally. */
  private RoutedChatStream.Observer cacheStore(String cacheKey, CacheControl cc) {
    StreamAssembler assembler = new StreamAssembler();
    return new RoutedChatStream.Observer() {
      @Override
      public void onChunk(ChatCompletionChunk chunk) {
        assembler.add(chunk);
      }

      @Override
      public void onEnd(RouteResult<Void> result, Throwable error, boolean cancelled) {
        if (error == null && !cancelled) {
          cache.put(cacheKey, assembler.build().withUsage(result.usage()), cc);
        }
      }
    };
  }

  // ---------------------------------------------------------------- budgets and rate limits

  // Admission (pipeline step 2) runs after the model group resolves and before the cache lookup;
  // the ticket settles with the result (cost 0 for a cache hit) or releases on failure.

  // The prompt is tokenized once per request: admission and routing share one PromptTokens, which
  // counts lazily per tokenizer kind.

  private RouteResult<ChatCompletionResponse> governedChat(ChatCompletionRequest request, RequestContext ctx) {
    PromptTokens tokens = new PromptTokens(request, null);
    return settled(admit(RouterTelemetry.CHAT, false, request.model(), ctx, request, tokens),
        () -> routeChat(request, ctx, tokens));
  }

  /** Runs a call under its admission ticket: settled with the result, released when the call fails. */
  private static <T> RouteResult<T> settled(Governance.Ticket ticket, Supplier<RouteResult<T>> call) {
    try {
      RouteResult<T> r = call.get();
      ticket.settle(r);
      return r;
    } catch (Throwable e) {
      ticket.fail();
      throw e;
    }
  }

  private ChatStream governedStream(ChatCompletionRequest request, RequestContext ctx) {
    PromptTokens tokens = new PromptTokens(request, null);
    Governance.Ticket t = admit(RouterTelemetry.CHAT, true, request.model(), ctx, request, tokens);
    ChatStream s;
    try {
      s = routeStream(request, ctx, t, tokens);
    } catch (Throwable e) {
      t.fail();
      throw e;
    }
    if (s instanceof ReplayedChatStream) {
      t.settle(s.result()); // a cache hit: nothing upstream to wait for
    }
    return s;
  }

  private RouteResult<EmbeddingResponse> governedEmbed(EmbeddingRequest request, RequestContext ctx) {
    return settled(admit(RouterTelemetry.EMBEDDINGS, false, request.model(), ctx, request,
        new PromptTokens(null, request)),
        () -> routeEmbed(request, ctx));
  }

  private Governance.Ticket admit(String operation, boolean stream, String model, RequestContext ctx, Object request) {
    return admit(operation, stream, model, ctx, request,
        request instanceof EmbeddingRequest e ? new PromptTokens(null, e)
            : new PromptTokens((ChatCompletionRequest) request, null));
  }

  /**
   * Admission of a call whose prompt is counted by {@code tokens} (shared with routing). A call
   * refused here (budget, rate limit, unknown model) is reported to the call listeners.
   */
  private Governance.Ticket admit(String operation, boolean stream, String model, RequestContext ctx, Object request,
      PromptTokens tokens) {
    if (governance.isNoop()) {
      return Governance.Ticket.NONE;
    }
    checkOpen();
    long start = ticker.read();
    ModelCatalog.Group group = null;
    try {
      group = catalog.resolve(model);
      if (request == null) { // a request only native upstreams can serve: no prompt estimate
        return governance.admit(ctx, group, 0, null, 1);
      }
      int promptTokens = tokens.forModel(group.deployments().get(0).model());
      if (request instanceof ChatCompletionRequest c) {
        return governance.admit(ctx, group, promptTokens, c.outputTokenLimit(), c.n() == null ? 1 : c.n());
      }
      return governance.admit(ctx, group, promptTokens, 0, 1);
    } catch (RuntimeException e) {
      routing.telemetry.rejected(operation, stream, model, group == null ? null : group.name(), ctx, e, start);
      throw e;
    }
  }

  /**
   * Per-deployment request and token counters (one-minute sliding windows) for routing strategies
   * and pre-call checks, on the same {@code CounterStore} as the rate limits (in memory unless
   * {@link Builder#governance governance} gives another).
   */
  public dev.llmux.core.governance.DeploymentCounters deploymentCounters() {
    return governance.deploymentCounters();
  }

  // ---------------------------------------------------------------- embeddings and models

  public RouteResult<EmbeddingResponse> embed(EmbeddingRequest request) {
    return embed(request, RequestContext.EMPTY);
  }

  /** Embeddings for the request's input(s). */
  public RouteResult<EmbeddingResponse> embed(EmbeddingRequest request, RequestContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    return new ChainImpl<EmbeddingRequest, RouteResult<EmbeddingResponse>>(
        0, request, context, Interceptor::interceptEmbed, this::governedEmbed).proceed(request, context);
  }

  private RouteResult<EmbeddingResponse> routeEmbed(EmbeddingRequest original, RequestContext ctx) {
    checkOpen();
    long start = ticker.read();
    String requestId = RequestIds.of(ctx);
    CacheControl cc = ResponseCache.control(original.extra().get("cache"), ctx);
    EmbeddingRequest request = original;
    if (original.extra().containsKey("cache")) {
      Map<String, Object> extra = new LinkedHashMap<>(original.extra());
      extra.remove("cache");
      request = new EmbeddingRequest(original.model(), original.input(), original.encodingFormat(),
          original.dimensions(), original.user(), extra);
    }
    if (cache != null && cache.applies(cc)) {
      return cachedEmbed(request, ctx, cc, requestId, start);
    }
    return uncachedEmbed(request, ctx, requestId, start);
  }

  private RouteResult<EmbeddingResponse> uncachedEmbed(
      EmbeddingRequest request, RequestContext ctx, String requestId, long start) {
    RequestScope scope = routing.telemetry.begin(RouterTelemetry.EMBEDDINGS, false, request.model(), requestId, ctx,
        null, request);
    Pipeline.Outcome<EmbeddingResponse> o;
    try {
      o = pipeline.run(request.model(), null, ctx, requestId,
          (provider, d, options) -> provider.embed(request.withModel(d.model()), options), scope);
    } catch (RuntimeException e) {
      routing.telemetry.failed(scope, e);
      throw e;
    }
    Usage usage = null;
    Double cost = null;
    try {
      usage = o.value().usage();
      if (usage == null) {
        usage = Usage.of(scope.tokens.forDeployment(o.deployment()), 0);
      }
      cost = routing.cost(o.deployment(), usage);
      return new RouteResult<>(o.value(), requestId, request.model(), o.modelGroup(), o.deployment().id(),
          o.deployment().provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), null, usage,
          cost, false, scope.callId);
    } finally {
      routing.telemetry.settled(scope, usage, cost, null, "success", null);
    }
  }

  /** Embeddings cached per input item: only the items missing from the cache go upstream. */
  private RouteResult<EmbeddingResponse> cachedEmbed(
      EmbeddingRequest request, RequestContext ctx, CacheControl cc, String requestId, long start) {
    String group = catalog.resolve(request.model()).name();
    List<Object> items = request.inputItems();
    String[] keys = new String[items.size()];
    Embedding[] found = new Embedding[items.size()];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      keys[i] = cache.embeddingKey(group, request, items.get(i), cc);
      found[i] = cache.get(keys[i], cc, Embedding.class);
      if (found[i] == null) {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      List<Embedding> data = new ArrayList<>(items.size());
      for (int i = 0; i < found.length; i++) {
        data.add(found[i].withIndex(i));
      }
      return cacheHit(EmbeddingResponse.of(data, request.model(), Usage.of(0, 0)), Usage.of(0, 0),
          RouterTelemetry.EMBEDDINGS, false, requestId, ctx, request.model(), group, start);
    }
    EmbeddingRequest upstreamRequest = request;
    if (missing.size() < items.size()) {
      List<Object> rest = new ArrayList<>(missing.size());
      missing.forEach(i -> rest.add(items.get(i)));
      upstreamRequest = request.withInput(rest);
    }
    RouteResult<EmbeddingResponse> served = uncachedEmbed(upstreamRequest, ctx, requestId, start);
    EmbeddingResponse upstream = served.response();
    for (Embedding e : upstream.data()) {
      if (e.index() < 0 || e.index() >= missing.size()) {
        throw new UpstreamServerException("embedding response has index " + e.index()
            + " for " + missing.size() + " input(s)", null, null);
      }
      int original = missing.get(e.index());
      found[original] = e.withIndex(original);
      cache.put(keys[original], found[original], cc);
    }
    List<Embedding> data = new ArrayList<>(items.size());
    for (int i = 0; i < found.length; i++) {
      if (found[i] == null) {
        throw new UpstreamServerException("embedding response lacks input " + i, null, null);
      }
      data.add(found[i].withIndex(i));
    }
    EmbeddingResponse merged = new EmbeddingResponse(upstream.object(), data, upstream.model(), upstream.usage(),
        upstream.extra());
    return new RouteResult<>(merged, requestId, served.requestedModel(), served.modelGroup(), served.deploymentId(),
        served.provider(), served.attempts(), Duration.ofNanos(ticker.read() - start), null, served.usage(),
        served.cost(), false, served.callId());
  }

  // ---------------------------------------------------------------- responses and legacy completions
  // Served by ResponsesRouting: natively where the deployment's provider has the API, mapped onto
  // chat elsewhere (ResponsesTranslator). Interceptors and the response cache do not apply yet.

  /** A Responses API call with no request context. */
  public RouteResult<dev.llmux.api.responses.ResponseObject> responses(dev.llmux.api.responses.ResponsesRequest request) {
    return responses(request, RequestContext.EMPTY);
  }

  /**
   * A Responses API call ({@code stream} in the request is ignored; use {@link #streamResponses}).
   * {@code previous_response_id} and {@code store: true} are rejected: LLMux does not store responses.
   *
   * @throws LlmException when every attempt and fallback failed (the last error)
   */
  public RouteResult<dev.llmux.api.responses.ResponseObject> responses(
      dev.llmux.api.responses.ResponsesRequest request, RequestContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    checkOpen();
    return settled(admit(ResponsesRouting.RESPONSES, false, request.model(), context,
        ResponsesRouting.estimateOf(request)),
        () -> responsesRouting.responses(request, context));
  }

  /** A streamed Responses API call with no request context. */
  public ResponseStream streamResponses(dev.llmux.api.responses.ResponsesRequest request) {
    return streamResponses(request, RequestContext.EMPTY);
  }

  /**
   * A streamed Responses API call; returns once the first event has arrived (retries and fallbacks
   * happen before that). Close the stream when done.
   */
  public ResponseStream streamResponses(dev.llmux.api.responses.ResponsesRequest request, RequestContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    checkOpen();
    Governance.Ticket t = admit(ResponsesRouting.RESPONSES, true, request.model(), context,
        ResponsesRouting.estimateOf(request));
    try {
      return responsesRouting.stream(request, context, t::settle);
    } catch (Throwable e) {
      t.fail();
      throw e;
    }
  }

  /** A legacy text completion with no request context. */
  public RouteResult<dev.llmux.api.completion.CompletionResponse> completions(
      dev.llmux.api.completion.CompletionRequest request) {
    return completions(request, RequestContext.EMPTY);
  }

  /** A legacy text completion: native where the upstream has the API, mapped onto chat otherwise. */
  public RouteResult<dev.llmux.api.completion.CompletionResponse> completions(
      dev.llmux.api.completion.CompletionRequest request, RequestContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    checkOpen();
    return settled(admit(ResponsesRouting.TEXT_COMPLETION, false, request.model(), context,
        ResponsesRouting.estimateOf(request)), () -> responsesRouting.completions(request, context));
  }

  /** The model groups and aliases callers may ask for (wildcard groups are patterns and not listed). */
  public ModelList models() {
    List<Model> out = new ArrayList<>();
    long created = clock.instant().getEpochSecond();
    for (String name : catalog.modelNames()) {
      out.add(new Model(name, "model", created, "llmux", null));
    }
    return ModelList.of(out);
  }

  /** Every configured deployment. */
  public List<Deployment> deployments() {
    return catalog.deployments();
  }

  /** Closes every provider and the router's own executor. Calls after close fail. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Provider p : catalog.providers().values()) {
      try {
        p.close();
      } catch (RuntimeException e) {
        log.warn("closing provider {} failed", p.config().name(), e);
      }
    }
    async.close();
    if (cache != null) {
      cache.close();
    }
    governance.close();
  }

  // ---------------------------------------------------------------- introspection and control

  /** Every deployment's routing state now: health, cooldown, latency, usage this minute, in-flight. */
  public List<DeploymentState> deploymentStates() {
    List<DeploymentState> out = new ArrayList<>();
    for (Deployment d : catalog.deployments()) {
      out.add(routing.state(d));
    }
    return out;
  }

  /** One deployment's routing state, or empty when no deployment has that id. */
  public java.util.Optional<DeploymentState> deploymentState(String deploymentId) {
    return find(deploymentId).map(routing::state);
  }

  /** Takes a deployment out of rotation for {@code duration}, as a rule would. */
  public void coolDown(String deploymentId, Duration duration, String reason) {
    require(deploymentId);
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    routing.cooldowns.coolDown(deploymentId, duration, reason == null ? "cooled down by hand" : reason);
    routing.telemetry.cooledDownByHand(deploymentId);
  }

  /** Ends a deployment's cooldown and clears its failure window. */
  public void restore(String deploymentId) {
    require(deploymentId);
    routing.cooldowns.restore(deploymentId);
  }

  /** Adds a deployment at runtime; the others keep their state. */
  public synchronized void addDeployment(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    ModelCatalog cat = catalog;
    if (find(deployment.id()).isPresent()) {
      throw new IllegalArgumentException("deployment '" + deployment.id() + "' exists; use updateDeployment");
    }
    List<Deployment> list = new ArrayList<>(cat.deployments());
    list.add(deployment);
    catalog = new ModelCatalog(cat.providers(), list, cat.aliases());
  }

  /** Replaces the deployment with the same id (its state, such as cooldowns and latency, is kept). */
  public synchronized void updateDeployment(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    ModelCatalog cat = catalog;
    List<Deployment> list = new ArrayList<>(cat.deployments());
    boolean found = false;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id().equals(deployment.id())) {
        list.set(i, deployment);
        found = true;
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no deployment '" + deployment.id() + "'");
    }
    catalog = new ModelCatalog(cat.providers(), list, cat.aliases());
  }

  /** Removes a deployment at runtime and forgets its state; calls in flight on it finish. */
  public synchronized void removeDeployment(String deploymentId) {
    require(deploymentId);
    ModelCatalog cat = catalog;
    List<Deployment> list = new ArrayList<>(cat.deployments());
    list.removeIf(d -> d.id().equals(deploymentId));
    catalog = new ModelCatalog(cat.providers(), list, cat.aliases());
    routing.forget(deploymentId);
  }

  private java.util.Optional<Deployment> find(String deploymentId) {
    for (Deployment d : catalog.deployments()) {
      if (d.id().equals(deploymentId)) {
        return java.util.Optional.of(d);
      }
    }
    return java.util.Optional.empty();
  }

  private void require(String deploymentId) {
    if (find(RouterRouting.requireId(deploymentId)).isEmpty()) {
      throw new IllegalArgumentException("no deployment '" + deploymentId + "'");
    }
  }

  // ---------------------------------------------------------------- helpers

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("router is closed");
    }
  }

  private static ChatCompletionRequest upstream(ChatCompletionRequest request, Deployment d, boolean stream) {
    ChatCompletionRequest.Builder b = request.toBuilder().model(d.model());
    if (stream) {
      b.stream(true);
    } else {
      b.stream(null).streamOptions(null);
    }
    return b.build();
  }

  /** The interceptor chain: interceptors in order, then the terminal call. */
  private final class ChainImpl<Q, R> implements Interceptor.Chain<Q, R> {
    private final int index;
    private final Q request;
    private final RequestContext context;
    private final java.util.function.BiFunction<Interceptor, Interceptor.Chain<Q, R>, R> step;
    private final java.util.function.BiFunction<Q, RequestContext, R> terminal;

    ChainImpl(int index, Q request, RequestContext context,
        java.util.function.BiFunction<Interceptor, Interceptor.Chain<Q, R>, R> step,
        java.util.function.BiFunction<Q, RequestContext, R> terminal) {
      this.index = index;
      this.request = request;
      this.context = context;
      this.step = step;
      this.terminal = terminal;
    }

    @Override
    public Q request() {
      return request;
    }

    @Override
    public RequestContext context() {
      return context;
    }

    @Override
    public R proceed(Q newRequest, RequestContext newContext) {
      Objects.requireNonNull(newRequest, "request");
      Objects.requireNonNull(newContext, "context");
      if (index >= interceptors.size()) {
        return terminal.apply(newRequest, newContext);
      }
      return step.apply(interceptors.get(index),
          new ChainImpl<>(index + 1, newRequest, newContext, step, terminal));
    }
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds an {@link LlmRouter}. Register provider instances, then deployments that name them. Every
   * setting has a safe default; {@link #build()} validates the whole and fails fast with a message
   * naming the problem.
   */
  public static final class Builder {
    private final Map<String, ProviderConfig> providerConfigs = new LinkedHashMap<>();
    private final Map<String, Provider> providerInstances = new LinkedHashMap<>();
    private final List<Deployment> deployments = new ArrayList<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    private final Map<String, List<String>> contextWindowFallbacks = new LinkedHashMap<>();
    private final Map<String, List<String>> contentPolicyFallbacks = new LinkedHashMap<>();
    private final Map<ErrorClass, Integer> retryPolicy = new EnumMap<>(ErrorClass.class);
    private final RouterRouting.Setup routing = new RouterRouting.Setup();
    private int numRetries = 2;
    private boolean fallbackEnabled = true;
    private int maxFallbacks = 5;
    private Duration cooldownTime = Duration.ofSeconds(5);
    private int allowedFails = 3;
    private double failureThreshold = 0.5;
    private int failureMinCalls = 5;
    private Duration failureWindow = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofSeconds(600);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration firstChunkTimeout = Duration.ofSeconds(60);
    private Duration retryAfterMax = Duration.ofSeconds(30);
    private Duration backoffInitial = Duration.ofMillis(500);
    private Duration backoffMax = Duration.ofSeconds(8);
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;
    private ExecutorService executor;
    private CacheStore cacheStore;
    private CooldownStore cooldownStore;
    private Duration cacheTtl = Duration.ofHours(1);
    private String cacheNamespace;
    private boolean cacheOptIn;
    private dev.llmux.core.governance.GovernanceConfig governance;

    private Builder() {}

    /** Registers a provider instance to be created from {@code config} by its type's factory. */
    public Builder provider(ProviderConfig config) {
      checkNewProvider(config.name());
      providerConfigs.put(config.name(), config);
      return this;
    }

    /** Registers a ready provider instance under {@code config().name()}; the router closes it. */
    public Builder provider(Provider provider) {
      String name = provider.config().name();
      checkNewProvider(name);
      providerInstances.put(name, provider);
      return this;
    }

    private void checkNewProvider(String name) {
      if (providerConfigs.containsKey(name) || providerInstances.containsKey(name)) {
        throw new IllegalArgumentException("provider '" + name + "' is registered twice");
      }
    }

    public Builder deployment(Deployment deployment) {
      deployments.add(Objects.requireNonNull(deployment, "deployment"));
      return this;
    }

    public Builder deployments(List<Deployment> list) {
      list.forEach(this::deployment);
      return this;
    }

    /** Makes {@code alias} another name for {@code modelGroup}. */
    public Builder alias(String alias, String modelGroup) {
      aliases.put(requireName(alias, "alias"), requireName(modelGroup, "modelGroup"));
      return this;
    }

    /**
     * Uses a strategy by name: {@code simple-shuffle} (default), {@code round-robin},
     * {@code lowest-latency}, {@code least-busy}, {@code lowest-tpm-rpm}, {@code lowest-cost}, or
     * one registered with {@link #registerStrategy}.
     */
    public Builder strategy(String name) {
      routing.strategyName = requireName(name, "strategy");
      routing.strategy = null;
      return this;
    }

    /** Uses a custom strategy. */
    public Builder strategy(RoutingStrategy strategy) {
      routing.strategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /** Makes a custom strategy choosable by {@code name} with {@link #strategy(String)} (and in configuration). */
    public Builder registerStrategy(String name, RoutingStrategy strategy) {
      if (Strategies.BUILT_IN.contains(requireName(name, "strategy name"))) {
        throw new IllegalArgumentException("strategy name '" + name + "' is built in");
      }
      routing.registered.put(name, Objects.requireNonNull(strategy, "strategy"));
      return this;
    }

    /** Settings of the strategies and pre-call checks. Default {@link RoutingOptions#defaults()}. */
    public Builder routingOptions(RoutingOptions options) {
      routing.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Where latency statistics, in-flight counts and per-minute usage live. Default: in memory, for
     * this router alone; a shared store routes many instances on the same numbers.
     */
    public Builder stateStore(RoutingStateStore store) {
      routing.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Where cooldowns live. Default: in memory, for this router alone; a shared store (llmux-redis)
     * makes a cooldown started by one instance hold on every instance.
     */
    public Builder cooldownStore(CooldownStore store) {
      cooldownStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Records metrics (see docs/metrics.md) in {@code registry}. Default: none, at no cost. */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      routing.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Traces through this {@code io.opentelemetry.api.OpenTelemetry} instance (typed {@code Object}
     * so that the builder does not need OpenTelemetry on the class path). Default: when the
     * OpenTelemetry API is on the class path, {@code GlobalOpenTelemetry}; otherwise no tracing.
     */
    public Builder openTelemetry(Object openTelemetry) {
      Objects.requireNonNull(openTelemetry, "openTelemetry");
      if (!Tracing.isOpenTelemetry(openTelemetry, LlmRouter.class.getClassLoader())) {
        throw new IllegalArgumentException("openTelemetry must be an io.opentelemetry.api.OpenTelemetry, got "
            + openTelemetry.getClass().getName());
      }
      routing.openTelemetry = openTelemetry;
      routing.tracing = true;
      return this;
    }

    /** Turns tracing on (default, when OpenTelemetry is present) or off. */
    public Builder tracing(boolean enabled) {
      routing.tracing = enabled;
      return this;
    }

    /**
     * The price and context-window table: default {@link ModelPrices#bundled()}; use
     * {@code ModelPrices.bundled().with(path)} to overlay a LiteLLM-format file.
     */
    public Builder modelPrices(ModelPrices prices) {
      routing.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /** Overlays the bundled price table with a file in LiteLLM's {@code model_prices_and_context_window.json} format. */
    public Builder modelPrices(java.nio.file.Path liteLlmFile) {
      ModelPrices base = routing.prices != null ? routing.prices : ModelPrices.bundled();
      routing.prices = base.with(liteLlmFile);
      return this;
    }

    /** Retries after a retriable failure, per request and model group. Default 2. */
    public Builder numRetries(int numRetries) {
      this.numRetries = requireAtLeast(numRetries, 0, "numRetries");
      return this;
    }

    /**
     * Retries for one error class, overriding {@link #numRetries}: {@code rate_limit},
     * {@code timeout}, {@code connection}, {@code server_error}. (Bad requests, auth, permission,
     * not found, context window and content policy errors are never retried.)
     */
    public Builder retryPolicy(String errorClass, int retries) {
      ErrorClass c = ErrorClass.fromKey(errorClass);
      requireAtLeast(retries, 0, "retries");
      if (retries > 0 && !c.retriable) {
        throw new IllegalArgumentException("'" + errorClass + "' errors are never retried (a different "
            + "attempt cannot fix them); set its retries to 0 or remove it");
      }
      retryPolicy.put(c, retries);
      return this;
    }

    /**
     * Applies a loaded configuration: its providers, deployments, aliases, routing settings,
     * cache, budgets and rate limits. Settings applied later on this builder override it.
     * {@code cache.type: redis} or {@code dual} needs its store passed with {@link #cache} first
     * (the llmux-redis module's {@code LlmuxRedis.configure} does that); {@code local} replaces any
     * store with an in-memory one.
     */
    public Builder config(RouterConfig config) {
      config.providers().forEach(this::provider);
      for (DeploymentConfig d : config.deployments()) {
        deployment(Deployment.builder(d.modelGroup(), d.provider()).id(d.id()).model(d.model())
            .weight(d.weight()).rpm(d.rpm()).tpm(d.tpm()).order(d.order()).tags(d.tags())
            .timeout(d.timeout()).connectTimeout(d.connectTimeout()).firstChunkTimeout(d.firstChunkTimeout())
            .maxInputTokens(d.maxInputTokens()).maxOutputTokens(d.maxOutputTokens())
            .inputCostPerToken(d.inputCostPerToken()).outputCostPerToken(d.outputCostPerToken())
            .maxRetries(d.maxRetries()).build());
      }
      config.aliases().forEach(this::alias);
      RoutingConfig r = config.routing();
      strategy(r.strategy());
      fallbackEnabled(r.fallbackEnabled());
      numRetries(r.numRetries());
      r.retryPolicy().forEach(this::retryPolicy);
      r.fallbacks().forEach(this::fallbacks);
      r.contextWindowFallbacks().forEach(this::contextWindowFallbacks);
      r.contentPolicyFallbacks().forEach(this::contentPolicyFallbacks);
      maxFallbacks(r.maxFallbacks());
      cooldownTime(r.cooldownTime());
      allowedFails(r.allowedFails());
      failureRate(r.failureThreshold(), r.failureMinCalls(), r.failureWindow());
      timeout(r.timeout());
      connectTimeout(r.connectTimeout());
      firstChunkTimeout(r.firstChunkTimeout());
      retryAfterMax(r.retryAfterMax());
      backoff(r.backoffInitial(), r.backoffMax());
      CacheConfig c = config.cache();
      if (c.enabled()) {
        if (!"local".equals(c.type())) {
          // redis / dual: the store must have been given before config() (llmux-redis does that)
          if (cacheStore == null) {
            throw new IllegalArgumentException("cache.type '" + c.type()
                + "' needs a shared cache store (the llmux-redis module); use 'local' or pass a CacheStore"
                + " with cache(...) before config(...)");
          }
        } else {
          cache(CacheStore.inMemory(c.maxEntries(), c.maxBytes()));
        }
        cacheTtl(c.ttl());
        cacheNamespace(c.namespace());
        cacheOptIn("opt-in".equals(c.mode()));
      }
      if (config.governance().isConfigured()) {
        governance(dev.llmux.core.governance.GovernanceConfig.builder(config.governance()).build());
      }
      return this;
    }

    /** Ordered fallback groups tried when {@code modelGroup} fails ({@code *} = any group). */
    public Builder fallbacks(String modelGroup, List<String> fallbackGroups) {
      fallbacks.put(requireName(modelGroup, "modelGroup"), List.copyOf(fallbackGroups));
      return this;
    }

    /** Fallbacks used when {@code modelGroup} fails because the prompt does not fit its context window. */
    public Builder contextWindowFallbacks(String modelGroup, List<String> fallbackGroups) {
      contextWindowFallbacks.put(requireName(modelGroup, "modelGroup"), List.copyOf(fallbackGroups));
      return this;
    }

    /** Fallbacks used when {@code modelGroup} refuses on content-policy grounds. */
    public Builder contentPolicyFallbacks(String modelGroup, List<String> fallbackGroups) {
      contentPolicyFallbacks.put(requireName(modelGroup, "modelGroup"), List.copyOf(fallbackGroups));
      return this;
    }

    /** Turns fallbacks on or off for every request. Default on. */
    public Builder fallbackEnabled(boolean enabled) {
      this.fallbackEnabled = enabled;
      return this;
    }

    /** Most fallback groups one request may try. Default 5. */
    public Builder maxFallbacks(int maxFallbacks) {
      this.maxFallbacks = requireAtLeast(maxFallbacks, 0, "maxFallbacks");
      return this;
    }

    /** How long a deployment is skipped once cooled down. Default 5 s. */
    public Builder cooldownTime(Duration cooldownTime) {
      this.cooldownTime = requirePositive(cooldownTime, "cooldownTime");
      return this;
    }

    /** Failures a deployment may have within the failure window before it cools down. Default 3. */
    public Builder allowedFails(int allowedFails) {
      this.allowedFails = requireAtLeast(allowedFails, 0, "allowedFails");
      return this;
    }

    /**
     * Failure-rate rule: a deployment with at least {@code minCalls} calls in the current
     * {@code window} and a failure rate at or above {@code threshold} cools down. Defaults 0.5, 5, 60 s.
     */
    public Builder failureRate(double threshold, int minCalls, Duration window) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("failure threshold must be in (0, 1], got " + threshold);
      }
      this.failureThreshold = threshold;
      this.failureMinCalls = requireAtLeast(minCalls, 1, "minCalls");
      this.failureWindow = requirePositive(window, "window");
      return this;
    }

    /** Default per-attempt timeout (non-streamed: whole call; streamed: longest gap between chunks). Default 600 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = requirePositive(timeout, "timeout");
      return this;
    }

    /** Default connect timeout. Default 10 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
      return this;
    }

    /** Default time allowed until a stream's first chunk. Default 60 s. */
    public Builder firstChunkTimeout(Duration firstChunkTimeout) {
      this.firstChunkTimeout = requirePositive(firstChunkTimeout, "firstChunkTimeout");
      return this;
    }

    /** Longest upstream {@code retry-after} honoured by waiting; longer ones fail over or fail. Default 30 s. */
    public Builder retryAfterMax(Duration retryAfterMax) {
      this.retryAfterMax = Objects.requireNonNull(retryAfterMax, "retryAfterMax");
      return this;
    }

    /** Exponential backoff (with jitter) between retries on the same deployment. Defaults 500 ms to 8 s. */
    public Builder backoff(Duration initial, Duration max) {
      this.backoffInitial = requirePositive(initial, "initial");
      this.backoffMax = requirePositive(max, "max");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff max must be >= initial");
      }
      return this;
    }

    /**
     * Adds a listener told once about every finished call (see {@link CallListener}: it runs on the
     * calling or stream thread and must be quick). Several may be added; they are called in order.
     */
    public Builder callListener(CallListener listener) {
      routing.callListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Adds an interceptor; the first added is outermost. */
    public Builder interceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Wall clock for cooldowns and timestamps. Default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Monotonic time for latencies. Default {@link System#nanoTime()}. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** How to wait between retries. Default {@link Thread#sleep}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Random source for strategies and jitter; must be thread-safe unless used from one thread. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Executor for {@link #chatAsync} and callback streams. Default: a virtual thread per task on
     * Java 21+, else a bounded pool of up to 256 daemon threads with no queue. The router does not
     * shut a supplied executor down.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Turns the response cache on, in {@code store} (for example {@link CacheStore#inMemory}). The
     * router closes the store. Off by default.
     */
    public Builder cache(CacheStore store) {
      this.cacheStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** How long cached responses live unless a request says otherwise. Default 1 h. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = requirePositive(ttl, "cacheTtl");
      return this;
    }

    /** Key namespace of this router's cache entries. Default {@code default}. */
    public Builder cacheNamespace(String namespace) {
      this.cacheNamespace = namespace;
      return this;
    }

    /**
     * {@code true}: only requests that ask ({@code "cache": {"use-cache": true}}) use the cache;
     * {@code false} (default): every request does unless it opts out.
     */
    public Builder cacheOptIn(boolean optIn) {
      this.cacheOptIn = optIn;
      return this;
    }

    /**
     * Turns budgets and rate limits on (see {@code docs/governance.md}): scopes, rules, stores,
     * time zone, waiting. Off by default. The router closes the config's stores.
     */
    public Builder governance(dev.llmux.core.governance.GovernanceConfig governance) {
      this.governance = Objects.requireNonNull(governance, "governance");
      return this;
    }

    /** Validates the configuration and builds the router (creating provider instances). */
    public LlmRouter build() {
      if (deployments.isEmpty()) {
        throw new IllegalArgumentException("at least one deployment is required");
      }
      routing.validate();
      RouterSettings settings = new RouterSettings(numRetries, retryPolicy, fallbackEnabled, fallbacks,
          contextWindowFallbacks, contentPolicyFallbacks, maxFallbacks, cooldownTime, allowedFails,
          failureThreshold, failureMinCalls, failureWindow, timeout, connectTimeout, firstChunkTimeout,
          retryAfterMax, backoffInitial, backoffMax);
      Map<String, Provider> providers = new LinkedHashMap<>(providerInstances);
      try {
        for (ProviderConfig c : providerConfigs.values()) {
          providers.put(c.name(), ProviderRegistry.create(c));
        }
        ModelCatalog catalog = new ModelCatalog(providers, deployments, aliases);
        return new LlmRouter(this, settings, catalog);
      } catch (RuntimeException e) {
        for (Map.Entry<String, Provider> p : providers.entrySet()) {
          if (!providerInstances.containsKey(p.getKey())) {
            p.getValue().close();
          }
        }
        throw e;
      }
    }

    private static String requireName(String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must be a non-empty name");
      }
      return s;
    }

    private static int requireAtLeast(int v, int min, String what) {
      if (v < min) {
        throw new IllegalArgumentException(what + " must be >= " + min + ", got " + v);
      }
      return v;
    }

    private static Duration requirePositive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }

  /** The default random source: {@link ThreadLocalRandom}, safe from any thread. */
  private enum ThreadLocalRandomGenerator implements RandomGenerator {
    INSTANCE;

    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public double nextDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }

    @Override
    public int nextInt(int bound) {
      return ThreadLocalRandom.current().nextInt(bound);
    }
  }
}
