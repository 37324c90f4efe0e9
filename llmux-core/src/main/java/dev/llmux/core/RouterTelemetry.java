package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the router records about requests and attempts, in one place: in-flight counts,
 * per-minute usage corrections and latency samples in the {@link RoutingStateStore}; Micrometer
 * meters when a registry was given; trace spans when tracing is on. Called by the pipeline (attempt
 * start / failure, retries, fallbacks, cooldowns) and by the router (settled responses and streams,
 * failed requests).
 */
final class RouterTelemetry {
  static final String CHAT = "chat";
  static final String EMBEDDINGS = "embeddings";

  private final RoutingContext ctx;
  private final Ticker ticker;
  private final RouterMetrics metrics;
  private final Tracing tracing;

  RouterTelemetry(RoutingContext ctx, Ticker ticker, RouterMetrics metrics, Tracing tracing) {
    this.ctx = ctx;
    this.ticker = ticker;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  RequestScope begin(String operation, boolean stream, String requestedModel, String requestId,
      RequestContext context, ChatCompletionRequest chat, EmbeddingRequest embedding) {
    return begin(operation, stream, requestedModel, requestId, context, chat, embedding,
        new PromptTokens(chat, embedding));
  }

  /** As above, reusing prompt token counts already made for this request (by admission). */
  RequestScope begin(String operation, boolean stream, String requestedModel, String requestId,
      RequestContext context, ChatCompletionRequest chat, EmbeddingRequest embedding, PromptTokens tokens) {
    RequestScope s = new RequestScope(operation, stream, requestedModel, requestId, context, chat, embedding,
        tokens, ticker.read());
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
  AttemptLease attemptStarted(RequestScope s, String group, Deployment d, int number,
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
      span = tracing.start(s.operation + " " + (d.model() != null ? d.model() : group), true, s.span, a);
    }
    return new AttemptLease(s, group, d, type, number, ticker.read(), reservation, span);
  }

  /** The attempt produced its response (for a stream: the first chunk). */
  void attemptResponded(AttemptLease lease, long nanos) {
    lease.responseNanos = nanos;
    lease.scope.upstreamNanos += nanos;
    lease.scope.served = lease;
    if (lease.scope.stream) {
      recordLatency(lease.deployment.id(), RoutingStateStore.LatencyKind.TIME_TO_FIRST_TOKEN, nanos / 1e9);
    }
  }

  /** The attempt failed: releases it and records a latency penalty for health failures. */
  void attemptFailed(AttemptLease lease, LlmException e, long nanos, Cooldowns.Cooldown cooldown) {
    lease.scope.upstreamNanos += nanos;
    if (!lease.end()) {
      return;
    }
    Deployment d = lease.deployment;
    ctx.store.addInFlight(d.id(), -1);
    if (lease.reservation.permit != null) {
      ctx.counters.settle(lease.reservation.permit, 0); // the request still counts, its tokens do not
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
    if (ec != ErrorClass.SERVER_ERROR && ec != ErrorClass.CONNECTION && ec != ErrorClass.RATE_LIMIT) {
      return;
    }
    double factor = ctx.options.failurePenaltyFactor();
    long now = ctx.nowMillis();
    long maxAge = ctx.options.latencyMaxAge().toMillis();
    for (RoutingStateStore.LatencyKind k : RoutingStateStore.LatencyKind.values()) {
      RoutingStateStore.LatencyStats st = ctx.store.latency(id, k, now, maxAge);
      double base = st.samples() > 0 ? st.mean() : seconds;
      recordLatency(id, k, Math.max(base * factor, seconds));
    }
  }

  private void recordLatency(String id, RoutingStateStore.LatencyKind kind, double seconds) {
    ctx.store.recordLatency(id, kind, seconds, ctx.options.latencyWindow(), ctx.nowMillis());
  }

  void retried(RequestScope s, String group) {
    if (metrics != null) {
      metrics.retry(group);
    }
  }

  void fellBack(RequestScope s, String from, String to, LlmException cause) {
    if (metrics != null) {
      metrics.fallback(from, to, ErrorClass.of(cause).key);
    }
  }

  void cooledDownByHand(String deploymentId) {
    if (metrics != null) {
      metrics.cooldown(deploymentId, "manual");
    }
  }

  /**
   * The request was served: ends the serving attempt (in-flight -1, usage correction, latency
   * sample), records meters and ends the spans. {@code outcome} is {@code success} or, for a stream
   * closed early, {@code cancelled}; {@code error} is a stream's failure after its first chunk.
   */
  void settled(RequestScope s, Usage usage, Double cost, Duration ttft, String outcome, Throwable error) {
    AttemptLease lease = s.served;
    if (lease == null || !lease.end()) {
      return;
    }
    Deployment d = lease.deployment;
    long now = ticker.read();
    ctx.store.addInFlight(d.id(), -1);
    if (usage != null) {
      if (lease.reservation.permit != null) {
        ctx.counters.settle(lease.reservation.permit, usage.totalTokens()); // estimate -> actual
      }
      if (!s.stream && error == null && usage.completionTokens() > 0 && lease.responseNanos >= 0) {
        recordLatency(d.id(), RoutingStateStore.LatencyKind.PER_OUTPUT_TOKEN,
            lease.responseNanos / 1e9 / usage.completionTokens());
      }
    }
    String responseModel = d.model() != null ? d.model() : lease.group;
    if (metrics != null) {
      String attemptOutcome = error == null ? outcome : error instanceof LlmException le ? ErrorClass.of(le).key : "error";
      metrics.attempt(lease.group, d.id(), d.provider(), attemptOutcome);
      String provider = RouterMetrics.genAiProvider(lease.providerType);
      long total = now - s.startNanos;
      metrics.request(s.operation, lease.group, responseModel, provider, attemptOutcome,
          error == null ? "none" : attemptOutcome, total);
      if (usage != null) {
        metrics.tokens(s.operation, lease.group, responseModel, provider, usage.promptTokens(), usage.completionTokens());
      }
      if (cost != null && cost > 0) {
        metrics.cost(lease.group, d.id(), d.provider(), cost);
      }
      if (ttft != null) {
        metrics.timeToFirstToken(lease.group, d.id(), d.provider(), ttft.toNanos());
      }
      // for a stream, the upstream time runs until its end: only the time to the first chunk is the router's
      long upstream = s.stream ? s.upstreamNanos + (now - lease.startNanos - Math.max(0, lease.responseNanos)) : s.upstreamNanos;
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
  void cacheHit(String operation, String group, long nanos) {
    if (metrics != null) {
      metrics.request(operation, group, "cache", "cache", "cache_hit", "none", nanos);
    }
  }

  /** The request failed before any attempt served it. */
  void failed(RequestScope s, Throwable e) {
    if (metrics != null) {
      String key = e instanceof LlmException le ? ErrorClass.of(le).key : "internal";
      String g = s.group != null ? s.group : "unknown";
      metrics.request(s.operation, g, "unknown", "unknown", key, key, ticker.read() - s.startNanos);
    }
    tracing.end(s.span, e);
  }

  private static void put(Map<String, Object> a, String k, Object v) {
    if (v != null) {
      a.put(k, v);
    }
  }
}
