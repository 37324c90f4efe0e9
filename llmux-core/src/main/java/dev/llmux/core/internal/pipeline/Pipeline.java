package dev.llmux.core.internal.pipeline;

import dev.llmux.core.Interceptor;
import dev.llmux.core.RequestContext;
import dev.llmux.core.Sleeper;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.cache.ResponseCache;
import dev.llmux.core.internal.governance.Governance;
import dev.llmux.core.internal.routing.Cooldowns;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.routing.RetryWait;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.routing.RouterSettings;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The request pipeline: the stages every call of every operation runs through, in order. The order
 * is written once, in {@link #assemble}; each stage is its own class and hands the {@link Call} on
 * to the next.
 */
final class Pipeline {
  private final Stage[] stages;
  private final Supplier<ModelCatalog> catalog;
  final Ticker ticker;
  final Clock clock;

  private Pipeline(Supplier<ModelCatalog> catalog, Ticker ticker, Clock clock, Stage... stages) {
    this.catalog = catalog;
    this.ticker = ticker;
    this.clock = clock;
    this.stages = stages;
  }

  /**
   * The pipeline, stage by stage, as OkHttp's {@code RealCall.getResponseWithInterceptorChain}
   * lists its interceptors. A stage may answer a call itself (an interceptor, a refusal, a cache
   * hit); otherwise the call goes on to the next.
   */
  static Pipeline assemble(
      List<Interceptor> interceptors,
      AtomicBoolean closed,
      Governance governance,
      @Nullable ResponseCache cache,
      RouterRouting routing,
      RouterSettings settings,
      Cooldowns cooldowns,
      Supplier<ModelCatalog> catalog,
      Clock clock,
      Ticker ticker,
      Sleeper sleeper,
      RandomGenerator random) {
    return new Pipeline(
        catalog,
        ticker,
        clock,
        // 1. the application's interceptors, first registered outermost
        new InterceptorStage(interceptors),
        // 2. closed router; budgets and rate limits, for every scope, all-or-nothing
        new AdmissionStage(closed, governance, routing.telemetry),
        // 3. what the operation cannot serve; cache directives read and removed from the request
        new RequestCheckStage(),
        // 4. the response cache: a hit is answered here, a miss is stored on the way back
        new CacheStage(cache, routing.telemetry, ticker),
        // 5. strategy, retries, fallbacks, cooldowns, timeouts
        new RoutingStage(
            settings,
            cooldowns,
            routing.strategy,
            routing.selector,
            routing.telemetry,
            new RetryWait(settings, random, sleeper),
            clock,
            ticker,
            random),
        // 6. usage, cost, the result; statistics, meters, spans, call records
        new SettlementStage(routing, ticker));
  }

  /**
   * The arguments every call checks first: a null request or context fails at once with a message
   * that says what to pass (docs/decisions.md, "A null request context").
   */
  static void checkArguments(Object request, Object context) {
    Objects.requireNonNull(request, "request is null");
    Objects.requireNonNull(
        context,
        "context is null: pass RequestContext.EMPTY, or call the overload without a context");
  }

  /** Runs one call of {@code op} through every stage. */
  <Q, V, R> R execute(Operation<Q, V, R> op, Q request, RequestContext context) {
    checkArguments(request, context);
    return newCall(0, op, request, context).proceed();
  }

  <Q, V, R> Call<Q, V, R> newCall(
      int stage, Operation<Q, V, R> op, Q request, RequestContext context) {
    return new Call<>(this, stage, op, request, context, catalog.get(), ticker.read());
  }

  Stage stage(int index) {
    return stages[index];
  }
}
