package dev.llmux.core.internal.pipeline;

import dev.llmux.api.model.Model;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Cancellable;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouterControl;
import dev.llmux.core.StreamListener;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.internal.AsyncExecutor;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.governance.Governance;
import dev.llmux.core.internal.routing.Cooldowns;
import dev.llmux.core.internal.routing.DeploymentControl;
import dev.llmux.core.internal.routing.LiveCatalog;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.routing.ProviderRegistry;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.spi.CooldownStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one router owns behind its public front ({@code LlmRouter}): the live catalog and
 * providers, the {@link Pipeline}, the async executor, the response cache, governance, routing
 * state and the runtime controls.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final LiveCatalog catalog;
  private final Pipeline pipeline;
  private final AsyncExecutor async;
  private final @Nullable ResponseCache cache;
  private final Governance governance;
  private final RouterControl control;
  private final Clock clock;
  private final AtomicBoolean closed;

  private Engine(
      LiveCatalog catalog,
      Pipeline pipeline,
      AsyncExecutor async,
      @Nullable ResponseCache cache,
      Governance governance,
      RouterControl control,
      Clock clock,
      AtomicBoolean closed) {
    this.catalog = catalog;
    this.pipeline = pipeline;
    this.async = async;
    this.cache = cache;
    this.governance = governance;
    this.control = control;
    this.clock = clock;
    this.closed = closed;
  }

  /**
   * Creates the providers {@code spec} configures and assembles the router's engine around them.
   */
  public static Engine assemble(RouterSpec spec) {
    RouterSettings settings = spec.validate();
    Map<String, Provider> providers = new LinkedHashMap<>(spec.providerInstances);
    try {
      for (ProviderConfig c : spec.providerConfigs.values()) {
        providers.put(c.name(), ProviderRegistry.create(c));
      }
      return assemble(
          spec,
          settings,
          new LiveCatalog(new ModelCatalog(providers, spec.deployments, spec.aliases)));
    } catch (RuntimeException e) {
      for (Map.Entry<String, Provider> p : providers.entrySet()) {
        if (!spec.providerInstances.containsKey(p.getKey())) {
          p.getValue().close();
        }
      }
      throw e;
    }
  }

  private static Engine assemble(RouterSpec spec, RouterSettings settings, LiveCatalog catalog) {
    Cooldowns cooldowns =
        new Cooldowns(
            spec.clock,
            settings,
            spec.cooldownStore != null ? spec.cooldownStore : CooldownStore.inMemory());
    // governance first: routing's per-deployment rpm/tpm share the rate limits' counters
    Governance governance =
        Governance.create(
            spec.governance != null ? spec.governance : GovernanceConfig.builder().build(),
            spec.clock,
            spec.sleeper);
    RouterRouting routing =
        RouterRouting.create(
            spec.routing,
            spec.clock,
            spec.ticker,
            catalog,
            cooldowns,
            governance.deploymentCounters());
    // reservations priced as calls are charged: the deployment's prices, else the price table's
    governance.prices(routing::maxCost);
    AsyncExecutor async =
        spec.executor != null
            ? new AsyncExecutor(spec.executor, false)
            : AsyncExecutor.createDefault();
    ResponseCache cache =
        spec.cacheStore == null
            ? null
            : new ResponseCache(
                spec.cacheStore,
                spec.cacheConfig.ttl(),
                spec.cacheConfig.namespace(),
                "opt-in".equals(spec.cacheConfig.mode()),
                spec.clock);
    AtomicBoolean closed = new AtomicBoolean();
    Pipeline pipeline =
        Pipeline.assemble(
            spec.interceptors,
            closed,
            governance,
            cache,
            routing,
            settings,
            cooldowns,
            catalog,
            spec.clock,
            spec.ticker,
            spec.sleeper,
            spec.random);
    return new Engine(
        catalog,
        pipeline,
        async,
        cache,
        governance,
        new DeploymentControl(catalog, routing, governance.deploymentCounters()),
        spec.clock,
        closed);
  }

  /** Runs one call of {@code op} through the pipeline. */
  public <Q, R> R execute(Operation<Q, ?, R> op, Q request, RequestContext context) {
    return pipeline.execute(op, request, context);
  }

  /**
   * Checks a call's arguments before it is handed to another thread, so that a null request or
   * context fails in the caller (see {@link Pipeline#checkArguments}).
   */
  public static void checkArguments(Object request, Object context) {
    Pipeline.checkArguments(request, context);
  }

  /** {@code work} on the router's executor (virtual threads where the runtime has them). */
  public <T> CompletableFuture<T> async(Supplier<T> work) {
    return async.supply(work);
  }

  /** A streamed chat call consumed on the router's executor and delivered to {@code listener}. */
  public Cancellable stream(Supplier<ChatStream> open, StreamListener listener) {
    return CallbackStream.start(async, open, listener);
  }

  /**
   * The model groups and aliases callers may ask for (wildcard groups are patterns and not listed).
   */
  public ModelList models() {
    List<Model> out = new ArrayList<>();
    long created = clock.instant().getEpochSecond();
    for (String name : catalog.get().modelNames()) {
      out.add(new Model(name, "model", created, "llmux", Map.of()));
    }
    return ModelList.of(out);
  }

  /** Every configured deployment. */
  public List<Deployment> deployments() {
    return catalog.get().deployments();
  }

  public RouterControl control() {
    return control;
  }

  /** Closes every provider, the executor, the cache store and the governance stores, once. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Provider p : catalog.get().providers().values()) {
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
}
