package dev.llmux.core.internal.telemetry;

import dev.llmux.core.spi.RoutingStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The router's Micrometer meters (see docs/metrics.md). Created only when the application gives a
 * {@link MeterRegistry}; without one the router holds no instance and pays nothing. Tags are
 * bounded: model group, deployment, provider, operation, outcome and error class; never users or
 * keys.
 */
public final class RouterMetrics {
  static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String REQUESTS = "llmux.requests";
  static final String ATTEMPTS = "llmux.attempts";
  static final String RETRIES = "llmux.retries";
  static final String FALLBACKS = "llmux.fallbacks";
  static final String COOLDOWNS = "llmux.cooldowns";
  static final String TTFT = "llmux.time_to_first_token";
  static final String OVERHEAD = "llmux.router.overhead";
  static final String IN_FLIGHT = "llmux.in_flight";
  static final String COST = "llmux.cost";

  private final MeterRegistry registry;
  private final RoutingStateStore store;
  private final Map<String, Meter> inFlightGauges = new ConcurrentHashMap<>();

  /**
   * Meters already registered, by name and tag values: the hot path skips Micrometer's builders.
   */
  private final Map<Key, Meter> meters = new ConcurrentHashMap<>();

  private record Key(
      String name,
      String a,
      String b,
      @Nullable String c,
      @Nullable String d,
      @Nullable String e) {}

  private static final int MAX_CACHED = 10_000;

  @SuppressWarnings("unchecked")
  private <M extends Meter> M cached(Key k, java.util.function.Supplier<M> create) {
    Meter m = meters.get(k);
    if (m == null) {
      m = create.get();
      if (meters.size() < MAX_CACHED) {
        meters.putIfAbsent(k, m);
      }
    }
    return (M) m;
  }

  public RouterMetrics(MeterRegistry registry, RoutingStateStore store) {
    this.registry = registry;
    this.store = store;
  }

  /** The OpenTelemetry GenAI semantic-convention provider name for a provider type. */
  static String genAiProvider(@Nullable String type) {
    if (type == null) {
      return "unknown";
    }
    switch (type) {
      case "azure":
      case "azure_openai":
        return "azure.ai.openai";
      case "gemini":
        return "gcp.gemini";
      case "vertex":
      case "vertex_ai":
        return "gcp.vertex_ai";
      case "bedrock":
        return "aws.bedrock";
      default:
        return type;
    }
  }

  void request(
      String operation,
      String group,
      String responseModel,
      String provider,
      String outcome,
      String errorType,
      long nanos) {
    this.<Timer>cached(
            new Key(OPERATION_DURATION, operation, group, responseModel, provider, errorType),
            () ->
                Timer.builder(OPERATION_DURATION)
                    .description("GenAI operation duration")
                    .tags(
                        Tags.of(
                            "gen_ai.operation.name",
                            operation,
                            "gen_ai.request.model",
                            group,
                            "gen_ai.response.model",
                            responseModel,
                            "gen_ai.provider.name",
                            provider,
                            "error.type",
                            errorType))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    this.<Counter>cached(
            new Key(REQUESTS, operation, group, outcome, null, null),
            () ->
                Counter.builder(REQUESTS)
                    .description("Requests served by the router, by outcome")
                    .tags("operation", operation, "model_group", group, "outcome", outcome)
                    .register(registry))
        .increment();
  }

  void tokens(
      String operation,
      String group,
      String responseModel,
      String provider,
      int input,
      int output) {
    tokenSummary(operation, group, responseModel, provider, "input").record(input);
    if (!"embeddings".equals(operation)) {
      tokenSummary(operation, group, responseModel, provider, "output").record(output);
    }
  }

  private DistributionSummary tokenSummary(
      String operation, String group, String responseModel, String provider, String type) {
    return cached(
        new Key(TOKEN_USAGE, operation, group, responseModel, provider, type),
        () ->
            DistributionSummary.builder(TOKEN_USAGE)
                .baseUnit("{token}")
                .description("Tokens used, by type")
                .tags(
                    Tags.of(
                        "gen_ai.operation.name",
                        operation,
                        "gen_ai.request.model",
                        group,
                        "gen_ai.response.model",
                        responseModel,
                        "gen_ai.provider.name",
                        provider,
                        "gen_ai.token.type",
                        type))
                .register(registry));
  }

  void attempt(String group, String deployment, String provider, String outcome) {
    this.<Counter>cached(
            new Key(ATTEMPTS, group, deployment, provider, outcome, null),
            () ->
                Counter.builder(ATTEMPTS)
                    .description("Upstream attempts, by outcome")
                    .tags(
                        "model_group",
                        group,
                        "deployment",
                        deployment,
                        "provider",
                        provider,
                        "outcome",
                        outcome)
                    .register(registry))
        .increment();
  }

  void retry(String group) {
    Counter.builder(RETRIES)
        .description("Retries within a model group")
        .tags("model_group", group)
        .register(registry)
        .increment();
  }

  void fallback(String from, String to, String reason) {
    Counter.builder(FALLBACKS)
        .description("Fallbacks from one model group to another")
        .tags("model_group", from, "fallback_group", to, "reason", reason)
        .register(registry)
        .increment();
  }

  void cooldown(String deployment, String reason) {
    Counter.builder(COOLDOWNS)
        .description("Deployments put in cooldown")
        .tags("deployment", deployment, "reason", reason)
        .register(registry)
        .increment();
  }

  void timeToFirstToken(String group, String deployment, String provider, long nanos) {
    this.<Timer>cached(
            new Key(TTFT, group, deployment, provider, null, null),
            () ->
                Timer.builder(TTFT)
                    .description("Time until the first chunk of a stream")
                    .tags("model_group", group, "deployment", deployment, "provider", provider)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void overhead(String operation, String group, long nanos) {
    this.<Timer>cached(
            new Key(OVERHEAD, operation, group, null, null, null),
            () ->
                Timer.builder(OVERHEAD)
                    .description("Time the router spent outside upstream calls")
                    .tags("operation", operation, "model_group", group)
                    .register(registry))
        .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  void cost(String group, String deployment, String provider, double usd) {
    this.<Counter>cached(
            new Key(COST, group, deployment, provider, null, null),
            () ->
                Counter.builder(COST)
                    .baseUnit("USD")
                    .description("Cost of calls in USD")
                    .tags("model_group", group, "deployment", deployment, "provider", provider)
                    .register(registry))
        .increment(usd);
  }

  /** Registers the in-flight gauge of a deployment once. */
  void watchInFlight(String group, String deployment, String provider) {
    if (inFlightGauges.containsKey(deployment) || inFlightGauges.size() >= 10_000) {
      return;
    }
    inFlightGauges.computeIfAbsent(
        deployment,
        id ->
            Gauge.builder(IN_FLIGHT, store, s -> s.inFlight(id))
                .description("Calls in flight on a deployment")
                .tags("model_group", group, "deployment", id, "provider", provider)
                .strongReference(true)
                .register(registry));
  }

  public void forget(String deployment) {
    meters.clear(); // rare: let the remaining meters be looked up again
    Meter m = inFlightGauges.remove(deployment);
    if (m != null) {
      registry.remove(m);
    }
  }
}
