package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.RouterClosedException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.ThreadLocalRandomGenerator;
import dev.llmux.core.internal.pipeline.Engine;
import dev.llmux.core.internal.pipeline.Operations;
import dev.llmux.core.internal.pipeline.RouterSpec;
import dev.llmux.core.internal.routing.ErrorClass;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.internal.routing.Strategies;
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
import java.util.random.RandomGenerator;

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
  private final Engine engine;

  private LlmRouter(Engine engine) {
    this.engine = engine;
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
    return engine.execute(Operations.CHAT, request, context);
  }

  /** The chat call on the router's executor (virtual threads where the runtime has them). */
  public CompletableFuture<RouteResult<ChatCompletionResponse>> chatAsync(
      ChatCompletionRequest request, RequestContext context) {
    return engine.async(() -> chat(request, context));
  }

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
    return engine.execute(Operations.CHAT_STREAM, request, context);
  }

  /**
   * The callback form of {@link #stream(ChatCompletionRequest, RequestContext)}: the stream is
   * consumed on the router's executor and delivered to {@code listener}.
   *
   * @return a handle that cancels the stream (and the upstream call)
   */
  public Cancellable stream(ChatCompletionRequest request, RequestContext context, StreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    return engine.stream(() -> stream(request, context), listener);
  }

  /** Embeddings with no request context. */
  public RouteResult<EmbeddingResponse> embed(EmbeddingRequest request) {
    return embed(request, RequestContext.EMPTY);
  }

  /** Embeddings for the request's input(s). */
  public RouteResult<EmbeddingResponse> embed(EmbeddingRequest request, RequestContext context) {
    return engine.execute(Operations.EMBEDDINGS, request, context);
  }

  /** A Responses API call with no request context. */
  public RouteResult<ResponseObject> responses(ResponsesRequest request) {
    return responses(request, RequestContext.EMPTY);
  }

  /**
   * A Responses API call ({@code stream} in the request is ignored; use {@link #streamResponses}):
   * native where the deployment's provider has the API, mapped onto chat elsewhere.
   * {@code previous_response_id} and {@code store: true} are rejected: LLMux does not store responses.
   *
   * @throws LlmException when every attempt and fallback failed (the last error)
   */
  public RouteResult<ResponseObject> responses(ResponsesRequest request, RequestContext context) {
    return engine.execute(Operations.RESPONSES, request, context);
  }

  /** A streamed Responses API call with no request context. */
  public ResponseStream streamResponses(ResponsesRequest request) {
    return streamResponses(request, RequestContext.EMPTY);
  }

  /**
   * A streamed Responses API call; returns once the first event has arrived (retries and fallbacks
   * happen before that). Close the stream when done.
   */
  public ResponseStream streamResponses(ResponsesRequest request, RequestContext context) {
    return engine.execute(Operations.RESPONSES_STREAM, request, context);
  }

  /** A legacy text completion with no request context. */
  public RouteResult<CompletionResponse> completions(CompletionRequest request) {
    return completions(request, RequestContext.EMPTY);
  }

  /** A legacy text completion: native where the upstream has the API, mapped onto chat otherwise. */
  public RouteResult<CompletionResponse> completions(CompletionRequest request, RequestContext context) {
    return engine.execute(Operations.COMPLETIONS, request, context);
  }

  /** The model groups and aliases callers may ask for (wildcard groups are patterns and not listed). */
  public ModelList models() {
    return engine.models();
  }

  /** Every configured deployment. */
  public List<Deployment> deployments() {
    return engine.deployments();
  }

  /**
   * The router's runtime controls and introspection: cool deployments down and restore them,
   * add, replace and remove deployments, read their routing state and counters.
   */
  public RouterControl control() {
    return engine.control();
  }

  /** Closes every provider and the router's executor; later calls throw {@link RouterClosedException}. */
  @Override
  public void close() {
    engine.close();
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
      return new LlmRouter(Engine.assemble(new RouterSpec(providerConfigs, providerInstances, deployments, aliases,
          interceptors, routing, settings, clock, ticker, sleeper, random, executor, cacheStore, cacheTtl,
          cacheNamespace, cacheOptIn, cooldownStore, governance)));
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
}
