package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.RouterClosedException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.config.TimeoutConfig;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.internal.pipeline.Engine;
import dev.llmux.core.internal.pipeline.Operations;
import dev.llmux.core.internal.pipeline.RouterSpec;
import dev.llmux.core.spi.CooldownStore;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.spi.RoutingStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;

/**
 * Routes OpenAI-shaped requests across the deployments of model groups, in process. The calls are
 * those of {@link LlmClient}; this class adds building, runtime control and closing.
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
public final class LlmRouter implements LlmClient, AutoCloseable {
  private final Engine engine;

  private LlmRouter(Engine engine) {
    this.engine = engine;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a router from a YAML configuration file (LLMux's {@code providers}/{@code routing}/
   * {@code cache} shape or LiteLLM's {@code model_list}/{@code router_settings}); see {@code
   * docs/configuration.md}.
   *
   * @throws dev.llmux.core.config.ConfigException naming the file and line of a bad key or value
   */
  public static LlmRouter fromConfig(Path file) {
    return builder().config(ConfigLoader.load(file)).build();
  }

  @Override
  public RouteResult<ChatCompletionResponse> chat(
      ChatCompletionRequest request, RequestContext context) {
    return engine.execute(Operations.CHAT, request, context);
  }

  @Override
  public CompletableFuture<RouteResult<ChatCompletionResponse>> chatAsync(
      ChatCompletionRequest request, RequestContext context) {
    return engine.async(() -> chat(request, context));
  }

  @Override
  public ChatStream stream(ChatCompletionRequest request, RequestContext context) {
    return engine.execute(Operations.CHAT_STREAM, request, context);
  }

  @Override
  public Cancellable stream(
      ChatCompletionRequest request, RequestContext context, StreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    return engine.stream(() -> stream(request, context), listener);
  }

  @Override
  public RouteResult<EmbeddingResponse> embed(EmbeddingRequest request, RequestContext context) {
    return engine.execute(Operations.EMBEDDINGS, request, context);
  }

  @Override
  public RouteResult<ResponseObject> responses(ResponsesRequest request, RequestContext context) {
    return engine.execute(Operations.RESPONSES, request, context);
  }

  @Override
  public ResponseStream streamResponses(ResponsesRequest request, RequestContext context) {
    return engine.execute(Operations.RESPONSES_STREAM, request, context);
  }

  @Override
  public RouteResult<CompletionResponse> completions(
      CompletionRequest request, RequestContext context) {
    return engine.execute(Operations.COMPLETIONS, request, context);
  }

  @Override
  public CompletionStream streamCompletions(CompletionRequest request, RequestContext context) {
    return engine.execute(Operations.COMPLETIONS_STREAM, request, context);
  }

  @Override
  public ModelList models() {
    return engine.models();
  }

  /** Every configured deployment. */
  public List<Deployment> deployments() {
    return engine.deployments();
  }

  /**
   * The router's runtime controls and introspection: cool deployments down and restore them, add,
   * replace and remove deployments, read their routing state and counters.
   */
  public RouterControl control() {
    return engine.control();
  }

  /**
   * Closes every provider and the router's executor; later calls throw {@link
   * RouterClosedException}.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Builds an {@link LlmRouter}: register providers, then the deployments that name them. The
   * routing, retry, fallback, cooldown, timeout and cache settings are the immutable objects of
   * {@code dev.llmux.core.config} ({@link RoutingConfig}, {@link RetryConfig}, ...), which document
   * each setting and hold its default. {@link #build()} validates the whole and fails fast with a
   * message naming the problem. Not thread-safe.
   */
  public static final class Builder {
    private final RouterSpec spec = new RouterSpec();

    private Builder() {}

    /** Registers a provider instance to be created from {@code config} by its type's factory. */
    public Builder provider(ProviderConfig config) {
      spec.provider(config);
      return this;
    }

    /** Registers a ready provider instance under {@code config().name()}; the router closes it. */
    public Builder provider(Provider provider) {
      spec.provider(provider);
      return this;
    }

    /** Adds a deployment; its provider must be registered by the time of {@link #build()}. */
    public Builder deployment(Deployment deployment) {
      spec.deployment(deployment);
      return this;
    }

    /** Adds deployments. */
    public Builder deployments(List<Deployment> list) {
      list.forEach(spec::deployment);
      return this;
    }

    /** Makes {@code alias} another name for {@code modelGroup}. */
    public Builder alias(String alias, String modelGroup) {
      spec.alias(alias, modelGroup);
      return this;
    }

    /**
     * Applies a loaded configuration: providers, deployments, aliases; routing, retry, fallback,
     * cooldown and timeout settings (replacing those given before); the cache when enabled (see
     * {@link #cache(CacheConfig)}); budgets and rate limits. Settings given later override it.
     */
    public Builder config(RouterConfig config) {
      spec.apply(config);
      return this;
    }

    /** Strategy name and routing settings; drops a strategy instance given before. */
    public Builder routing(RoutingConfig config) {
      spec.routing(config);
      return this;
    }

    /** Uses a strategy by name, built in or {@linkplain #registerStrategy registered}. */
    public Builder strategy(String name) {
      spec.strategy(name);
      return this;
    }

    /** Uses a custom strategy instance, until {@link #strategy(String)} or {@link #routing}. */
    public Builder strategy(RoutingStrategy strategy) {
      spec.strategy(strategy);
      return this;
    }

    /** Makes a custom strategy choosable by {@code name}, here and in configuration files. */
    public Builder registerStrategy(String name, RoutingStrategy strategy) {
      spec.registerStrategy(name, strategy);
      return this;
    }

    /** Retry settings. Default {@link RetryConfig#ofDefaults()}. */
    public Builder retry(RetryConfig config) {
      spec.retry(config);
      return this;
    }

    /** Fallback settings. Default {@link FallbackConfig#ofDefaults()}. */
    public Builder fallback(FallbackConfig config) {
      spec.fallback(config);
      return this;
    }

    /** Sets the fallbacks of one model group ({@code *}: any group); see {@link FallbackConfig}. */
    public Builder fallbacks(String modelGroup, List<String> fallbackGroups) {
      spec.fallbacks(modelGroup, fallbackGroups);
      return this;
    }

    /** Cooldown settings. Default {@link CooldownConfig#ofDefaults()}. */
    public Builder cooldown(CooldownConfig config) {
      spec.cooldown(config);
      return this;
    }

    /** Router-wide timeouts. Default {@link TimeoutConfig#ofDefaults()}. */
    public Builder timeouts(TimeoutConfig config) {
      spec.timeouts(config);
      return this;
    }

    /**
     * Where latency, in-flight and per-minute usage live. Default: in memory, this router's own.
     */
    public Builder stateStore(RoutingStateStore store) {
      spec.stateStore(store);
      return this;
    }

    /** Where cooldowns live. Default: in memory; a shared one (llmux-redis) spans instances. */
    public Builder cooldownStore(CooldownStore store) {
      spec.cooldownStore(store);
      return this;
    }

    /** Records metrics (see docs/metrics.md) in {@code registry}. Default: none, at no cost. */
    public Builder meterRegistry(MeterRegistry registry) {
      spec.meterRegistry(registry);
      return this;
    }

    /**
     * Traces through this {@code io.opentelemetry.api.OpenTelemetry} ({@code Object}: the API is
     * optional). Default: {@code GlobalOpenTelemetry} when on the class path, else no tracing.
     */
    public Builder openTelemetry(Object openTelemetry) {
      spec.openTelemetry(openTelemetry);
      return this;
    }

    /** Turns tracing on (default, when OpenTelemetry is present) or off. */
    public Builder tracing(boolean enabled) {
      spec.tracing(enabled);
      return this;
    }

    /** The price and context-window table. Default {@link ModelPrices#bundled()}. */
    public Builder modelPrices(ModelPrices prices) {
      spec.modelPrices(prices);
      return this;
    }

    /** Overlays the price table with a LiteLLM {@code model_prices_and_context_window.json}. */
    public Builder modelPrices(Path liteLlmFile) {
      spec.modelPrices(liteLlmFile);
      return this;
    }

    /** Adds a listener told once about every finished call, in order (see {@link CallListener}). */
    public Builder callListener(CallListener listener) {
      spec.callListener(listener);
      return this;
    }

    /** Adds an interceptor; the first added is outermost. */
    public Builder interceptor(Interceptor interceptor) {
      spec.interceptor(interceptor);
      return this;
    }

    /** Wall clock for cooldowns and timestamps. Default UTC system clock. */
    public Builder clock(Clock clock) {
      spec.clock(clock);
      return this;
    }

    /** Monotonic time for latencies. Default {@link System#nanoTime()}. */
    public Builder ticker(Ticker ticker) {
      spec.ticker(ticker);
      return this;
    }

    /** How to wait between retries. Default {@link Thread#sleep}. */
    public Builder sleeper(Sleeper sleeper) {
      spec.sleeper(sleeper);
      return this;
    }

    /** Random source for strategies and jitter; thread-safe unless used from one thread. */
    public Builder random(RandomGenerator random) {
      spec.random(random);
      return this;
    }

    /**
     * Executor for {@link LlmRouter#chatAsync} and callback streams; not shut down by the router.
     * Default: a virtual thread per task on Java 21+, else up to 256 daemon threads, no queue.
     */
    public Builder executor(ExecutorService executor) {
      spec.executor(executor);
      return this;
    }

    /** Turns the response cache on, in {@code store}; the router closes it. Off by default. */
    public Builder cache(CacheStore store) {
      spec.cache(store);
      return this;
    }

    /**
     * Response cache settings. Enabled, it turns the cache on: {@code local} in a new in-memory
     * store, {@code redis}/{@code dual} in the store given first with {@link #cache(CacheStore)}.
     */
    public Builder cache(CacheConfig config) {
      spec.cache(config);
      return this;
    }

    /** Turns budgets and rate limits on (docs/governance.md); the router closes its stores. */
    public Builder governance(GovernanceConfig governance) {
      spec.governance(governance);
      return this;
    }

    /** Validates the configuration and builds the router (creating provider instances). */
    public LlmRouter build() {
      return new LlmRouter(Engine.assemble(spec));
    }
  }
}
