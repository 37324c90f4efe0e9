package dev.llmux.core.internal.telemetry;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.core.CallListener;
import dev.llmux.core.CallRecord;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.PromptTokens;
import dev.llmux.core.internal.routing.CandidateSelector;
import dev.llmux.core.internal.routing.Cooldowns;
import dev.llmux.core.internal.routing.ErrorClass;
import dev.llmux.core.internal.routing.RoutingContext;
import dev.llmux.core.spi.RoutingStateStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything the router records about requests and attempts, in one place: in-flight counts,
 * per-minute usage corrections and latency samples in the {@link RoutingStateStore}; Micrometer
 * meters when a registry was given; trace spans when tracing is on. Called by the pipeline (attempt
 * start / failure, retries, fallbacks, cooldowns) and by the router (settled responses and streams,
 * failed requests).
 */
public final class RouterTelemetry {
  public static final String CHAT = "chat";
  public static final String EMBEDDINGS = "embeddings";
  public static final String TEXT_COMPLETION = "text_completion";

  /**
   * The {@link CallRecord#operation()} of Responses API calls (routed, metered and traced as chat).
   */
  public static final String RESPONSES = "responses";

  private final RoutingContext ctx;
  private final Ticker ticker;
  private final @Nullable RouterMetrics metrics;
  private final Tracing tracing;
  private final CallListeners listeners;

  public RouterTelemetry(
      RoutingContext ctx,
      Ticker ticker,
      @Nullable RouterMetrics metrics,
      Tracing tracing,
      CallListeners listeners) {
    this.ctx = ctx;
    this.ticker = ticker;
    this.metrics = metrics;
    this.tracing = tracing;
    this.listeners = listeners;
  }

  /**
   * A call starts routing: its scope (call id, start times, prompt tokens) and its trace span.
   * {@code operation} names it in metrics and traces ({@code chat}, {@code embeddings}, {@code
   * text_completion}), {@code callOperation} in its {@link CallRecord} (Responses API calls are
   * routed and metered as chat but recorded as {@code responses}).
   */
  public RequestScope begin(
      String operation,
      String callOperation,
      boolean stream,
      @Nullable String requestedModel,
      String requestId,
      RequestContext context,
      @Nullable ChatCompletionRequest chat,
      @Nullable EmbeddingRequest embedding,
      PromptTokens tokens,
      long startNanos) {
    RequestScope s =
        new RequestScope(
            operation,
            callOperation,
            stream,
            requestedModel,
            requestId,
            context,
            chat,
            embedding,
            tokens,
            startNanos,
            ctx.nowMillis());
    if (tracing != Tracing.NOOP) {
      Map<String, Object> a = new HashMap<>();
      a.put("gen_ai.operation.name", operation);
      a.put("gen_ai.request.model", requestedModel);
      a.put("llmux.request_id", requestId);
      if (chat != null) {
        put(a, "gen_ai.request.max_tokens", chat.outputTokenLimit());
        put(a, "gen_ai.request.temperature", chat.temperature());
        put(a, "gen_ai.request.top_p", chat.topP());
      }
      a.put("llmux.stream", stream);
      s.span = tracing.start("llmux " + operation + " " + requestedModel, false, null, a);
    }
    return s;
  }

  /** An attempt on {@code d} starts (after its reservation): in-flight +1, attempt span. */
  public AttemptLease attemptStarted(
      RequestScope s,
      String group,
      Deployment d,
      int number,
      CandidateSelector.AttemptReservation reservation) {
    String type = ctx.providerType(d);
    ctx.store.addInFlight(d.id(), 1);
    if (metrics != null) {
      metrics.watchInFlight(group, d.id(), d.provider());
    }
    Object span = null;
    if (tracing != Tracing.NOOP) {
      Map<String, Object> a = new HashMap<>();
      a.put("gen_ai.operation.name", s.operation);
      a.put("gen_ai.request.model", d.model() != null ? d.model() : group);
      a.put("gen_ai.provider.name", RouterMetrics.genAiProvider(type));
      a.put("llmux.model_group", group);
      a.put("llmux.deployment", d.id());
      a.put("llmux.attempt", number);
      span =
          tracing.start(
              s.operation + " " + (d.model() != null ? d.model() : group), true, s.span, a);
    }
    return new AttemptLease(s, group, d, type, number, ticker.read(), reservation, span);
  }

  /** The attempt produced its response (for a stream: the first chunk). */
  public void attemptResponded(AttemptLease lease, long nanos) {
    lease.responseNanos = nanos;
    lease.scope.upstreamNanos += nanos;
    lease.scope.served = lease;
    if (lease.scope.stream) {
      recordLatency(
          lease.deployment.id(), RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, nanos / 1e9);
    }
  }

  /** The attempt failed: releases it and records a latency penalty for health failures. */
  public void attemptFailed(
      AttemptLease lease, LlmException e, long nanos, Cooldowns.@Nullable Cooldown cooldown) {
    lease.scope.upstreamNanos += nanos;
    if (!lease.end()) {
      return;
    }
    Deployment d = lease.deployment;
    ctx.store.addInFlight(d.id(), -1);
    if (lease.reservation.permit != null) {
      ctx.counters.settle(
          lease.reservation.permit, 0); // the request still counts, its tokens do not
    }
    ErrorClass ec = ErrorClass.of(e);
    penalise(d.id(), e, ec, nanos);
    if (metrics != null) {
      metrics.attempt(lease.group, d.id(), d.provider(), ec.key);
      if (cooldown != null) {
        metrics.cooldown(d.id(), ec.key);
      }
    }
    tracing.end(lease.span, e);
  }

  private void penalise(String id, LlmException e, ErrorClass ec, long nanos) {
    double seconds = nanos / 1e9;
    if (e instanceof LlmTimeoutException) {
      recordLatency(id, RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, seconds);
      recordLatency(id, RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN, seconds);
      return;
    }
    if (ec != ErrorClass.SERVER_ERROR
        && ec != ErrorClass.CONNECTION
        && ec != ErrorClass.RATE_LIMIT) {
      return;
    }
    double factor = ctx.options.failurePenaltyFactor();
    long now = ctx.nowMillis();
    long maxAge = ctx.options.latencyMaxAge().toMillis();
    for (RoutingStateStore.LatencyKind k : RoutingStateStore.LatencyKind.values()) {
      RoutingStateStore.LatencyStats st = ctx.store.latency(id, k, now, maxAge);
      double base = st.samples() > 0 ? st.median() : seconds;
      recordLatency(id, k, Math.max(base * factor, seconds));
    }
  }

  private void recordLatency(String id, RoutingStateStore.LatencyKind kind, double seconds) {
    ctx.store.recordLatency(id, kind, seconds, ctx.options.latencyWindow(), ctx.nowMillis());
  }

  public void retried(RequestScope s, String group) {
    if (metrics != null) {
      metrics.retry(group);
    }
  }

  public void fellBack(RequestScope s, String from, String to, LlmException cause) {
    if (metrics != null) {
      metrics.fallback(from, to, ErrorClass.of(cause).key);
    }
  }

  public void cooledDownByHand(String deploymentId) {
    if (metrics != null) {
      metrics.cooldown(deploymentId, "manual");
    }
  }

  /**
   * The request was served: ends the serving attempt (in-flight -1, usage correction, latency
   * sample), records meters and ends the spans. {@code outcome} is {@code success} or, for a stream
   * closed early, {@code cancelled}; {@code error} is a stream's failure after its first chunk.
   */
  public void settled(
      RequestScope s,
      @Nullable Usage usage,
      @Nullable Double cost,
      @Nullable Duration ttft,
      String outcome,
      @Nullable Throwable error) {
    AttemptLease lease = s.served;
    long now = ticker.read();
    if (lease == null || !lease.end()) {
      record(s, lease, usage, cost, ttft, now, outcome, error); // no-op when already reported
      return;
    }
    Deployment d = lease.deployment;
    try {
      endServed(s, lease, d, usage, cost, ttft, outcome, error, now);
    } finally {
      record(s, lease, usage, cost, ttft, now, outcome, error);
    }
  }

  private void endServed(
      RequestScope s,
      AttemptLease lease,
      Deployment d,
      @Nullable Usage usage,
      @Nullable Double cost,
      @Nullable Duration ttft,
      String outcome,
      @Nullable Throwable error,
      long now) {
    ctx.store.addInFlight(d.id(), -1);
    if (usage != null) {
      if (lease.reservation.permit != null) {
        ctx.counters.settle(lease.reservation.permit, usage.totalTokens()); // estimate -> actual
      }
      if (!s.stream && error == null && usage.completionTokens() > 0 && lease.responseNanos >= 0) {
        recordLatency(
            d.id(),
            RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN,
            lease.responseNanos / 1e9 / usage.completionTokens());
      }
    }
    String responseModel = d.model() != null ? d.model() : lease.group;
    if (metrics != null) {
      String attemptOutcome =
          error == null
              ? outcome
              : error instanceof LlmException le ? ErrorClass.of(le).key : "error";
      metrics.attempt(lease.group, d.id(), d.provider(), attemptOutcome);
      String provider = RouterMetrics.genAiProvider(lease.providerType);
      long total = now - s.startNanos;
      metrics.request(
          s.operation,
          lease.group,
          responseModel,
          provider,
          attemptOutcome,
          error == null ? "none" : attemptOutcome,
          total);
      if (usage != null) {
        metrics.tokens(
            s.operation,
            lease.group,
            responseModel,
            provider,
            usage.promptTokens(),
            usage.completionTokens());
      }
      if (cost != null && cost > 0) {
        metrics.cost(lease.group, d.id(), d.provider(), cost);
      }
      if (ttft != null) {
        metrics.timeToFirstToken(lease.group, d.id(), d.provider(), ttft.toNanos());
      }
      // for a stream, the upstream time runs until its end: only the time to the first chunk is the
      // router's
      long upstream =
          s.stream
              ? s.upstreamNanos + (now - lease.startNanos - Math.max(0, lease.responseNanos))
              : s.upstreamNanos;
      metrics.overhead(s.operation, lease.group, total - upstream);
    }
    if (tracing != Tracing.NOOP) {
      Map<String, Object> a = new HashMap<>();
      a.put("gen_ai.response.model", responseModel);
      a.put("gen_ai.provider.name", RouterMetrics.genAiProvider(lease.providerType));
      a.put("llmux.model_group", lease.group);
      a.put("llmux.deployment", d.id());
      a.put("llmux.attempts", lease.number);
      if (usage != null) {
        a.put("gen_ai.usage.input_tokens", usage.promptTokens());
        a.put("gen_ai.usage.output_tokens", usage.completionTokens());
      }
      put(a, "llmux.cost_usd", cost);
      if (!"success".equals(outcome)) {
        a.put("llmux.outcome", outcome);
      }
      tracing.set(lease.span, a);
      tracing.end(lease.span, error);
      tracing.set(s.span, a);
      tracing.end(s.span, error);
    }
  }

  /**
   * A request answered from the response cache (no attempt, no routing state): counts it under
   * {@code outcome=cache_hit}. For the cache to call once it has resolved {@code group}.
   */
  public void cacheHit(String operation, String group, long nanos) {
    if (metrics != null) {
      metrics.request(operation, group, "cache", "cache", "cache_hit", "none", nanos);
    }
  }

  /**
   * As above, and reports the call to the {@link CallListener}s: {@code usage} is the stored
   * response's, the cost 0. Returns the call id for the {@link RouteResult}.
   */
  public String cacheHit(
      String operation,
      String callOperation,
      boolean stream,
      @Nullable String requestedModel,
      String group,
      String requestId,
      RequestContext context,
      @Nullable Usage usage,
      long startNanos) {
    long now = ticker.read();
    cacheHit(operation, group, now - startNanos);
    long nowMillis = ctx.nowMillis();
    String id = CallListeners.newId(nowMillis);
    if (!listeners.isEmpty()) {
      Duration latency = CallListeners.nanos(now - startNanos);
      listeners.emit(
          CallListeners.record(
              id,
              context,
              callOperation,
              stream,
              requestedModel,
              group,
              null,
              null,
              usage,
              0.0,
              nowMillis - latency.toMillis(),
              latency,
              stream ? latency : null,
              true,
              CallRecord.SUCCESS,
              200,
              null));
    }
    return id;
  }

  /**
   * A call refused by admission (budget, rate limit, unknown model) before routing: reported to the
   * call listeners (cost 0, no deployment). Metrics and traces of refusals are the governance's.
   */
  public void rejected(
      String operation,
      boolean stream,
      @Nullable String requestedModel,
      @Nullable String group,
      RequestContext context,
      Throwable e,
      long startNanos) {
    if (listeners.isEmpty()) {
      return;
    }
    long nowMillis = ctx.nowMillis();
    Duration latency = CallListeners.nanos(ticker.read() - startNanos);
    CallListeners.Failure f = CallListeners.Failure.of(e);
    listeners.emit(
        CallListeners.record(
            CallListeners.newId(nowMillis),
            context,
            operation,
            stream,
            requestedModel,
            group,
            null,
            null,
            null,
            0.0,
            nowMillis - latency.toMillis(),
            latency,
            null,
            false,
            f.status(),
            f.httpStatus(),
            f.errorType()));
  }

  /** The request failed before any attempt served it. */
  public void failed(RequestScope s, Throwable e) {
    long now = ticker.read();
    try {
      if (metrics != null) {
        String key = e instanceof LlmException le ? ErrorClass.of(le).key : "internal";
        String g = s.group != null ? s.group : "unknown";
        metrics.request(s.operation, g, "unknown", "unknown", key, key, now - s.startNanos);
      }
      tracing.end(s.span, e);
    } finally {
      record(s, null, null, 0.0, null, now, null, e);
    }
  }

  /** Reports the call once to the listeners (later calls for the same scope do nothing). */
  private void record(
      RequestScope s,
      @Nullable AttemptLease lease,
      @Nullable Usage usage,
      @Nullable Double cost,
      @Nullable Duration ttft,
      long now,
      @Nullable String outcome,
      @Nullable Throwable error) {
    if (listeners.isEmpty() || !s.recorded.compareAndSet(false, true)) {
      return;
    }
    String status;
    int http;
    String errorType = null;
    if (error != null) {
      CallListeners.Failure f = CallListeners.Failure.of(error);
      status = f.status();
      http = f.httpStatus();
      errorType = f.errorType();
    } else {
      status = outcome == null ? CallRecord.SUCCESS : outcome;
      http = 200;
    }
    listeners.emit(
        CallListeners.record(
            s.callId,
            s.context,
            s.callOperation,
            s.stream,
            s.requestedModel,
            lease != null ? lease.group : s.group,
            lease == null ? null : lease.deployment,
            lease == null ? null : lease.providerType,
            usage,
            cost,
            s.startedAtMillis,
            CallListeners.nanos(now - s.startNanos),
            ttft,
            false,
            status,
            http,
            errorType));
  }

  private static void put(Map<String, Object> a, String k, @Nullable Object v) {
    if (v != null) {
      a.put(k, v);
    }
  }
}
