package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.core.Attempt;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.internal.PromptTokens;
import dev.llmux.core.internal.RequestIds;
import dev.llmux.core.internal.governance.Ticket;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.telemetry.RequestScope;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call on its way through the {@link Pipeline}: what the stages know about it and hand to each
 * other. It is created for the request the interceptors let through and resolves what is expensive
 * once, when a stage first needs it: the model group, the request id, the prompt's token counts.
 * The stages fill in the rest as the call passes: the admission ticket, the cache directives and
 * key, the telemetry scope, what routing served (value, deployment, attempts) and the final result.
 *
 * <p>A call is used by one thread at a time (a stream's end may run on the consuming thread, after
 * the call was handed over with the stream).
 *
 * @param <Q> the request type
 * @param <V> what one successful attempt returns (a response, or a started stream)
 * @param <R> what the caller gets
 */
final class Call<Q, V, R> {
  private static final Object UNSET = new Object();

  final Pipeline pipeline;
  final Operation<Q, V, R> op;
  final RequestContext context;

  /** The catalog as it was when the call started: groups, providers, fallbacks resolve in it. */
  final ModelCatalog catalog;

  /**
   * When the call entered the pipeline (after the interceptors), {@link dev.llmux.core.Ticker}
   * nanos.
   */
  final long startNanos;

  /**
   * The model the caller asked for (group, alias, wildcard or {@code provider/model}); {@code null}
   * when the request names none ({@link #group()} then throws).
   */
  final @Nullable String requestedModel;

  private int next;
  private Q request;
  private ModelCatalog.@Nullable Group group;
  private @Nullable String requestId;
  private @Nullable PromptTokens tokens;
  private @Nullable Object chatShape = UNSET;

  /** Set by admission: what the call holds of budgets and rate limits. */
  Ticket ticket = Ticket.NONE;

  /** Set by the request check: the call's cache directives. */
  CacheControl cacheControl = CacheControl.NONE;

  /** Set by the cache stage on a miss of a streamed call: records the stream to store it. */
  @Nullable StreamObserver<?> cacheRecorder;

  /** Set by routing when it starts: the call's telemetry. */
  @Nullable RequestScope scope;

  /**
   * Set by routing: what the serving attempt returned, the group it served, where, and every
   * attempt.
   */
  @Nullable V value;

  @Nullable String servedGroup;
  @Nullable Deployment deployment;
  @Nullable List<Attempt> attempts;

  /**
   * The final result of a plain call, or of a stream answered from the cache; admission settles it.
   */
  @Nullable RouteResult<?> result;

  Call(
      Pipeline pipeline,
      int next,
      Operation<Q, V, R> op,
      Q request,
      RequestContext context,
      ModelCatalog catalog,
      long startNanos) {
    this.pipeline = pipeline;
    this.next = next;
    this.op = op;
    this.request = request;
    this.context = context;
    this.catalog = catalog;
    this.startNanos = startNanos;
    this.requestedModel = op.requests.model(request);
  }

  /** The call's telemetry; for the stages after routing started. */
  RequestScope scope() {
    return Objects.requireNonNull(scope, "routing has not started");
  }

  /** What the serving attempt returned; for the stages after routing served the call. */
  V value() {
    return Objects.requireNonNull(value, "routing has not served the call");
  }

  /** The group that served the call (after fallbacks); once routing served it. */
  String servedGroup() {
    return Objects.requireNonNull(servedGroup, "routing has not served the call");
  }

  /** The deployment that served the call; once routing served it. */
  Deployment deployment() {
    return Objects.requireNonNull(deployment, "routing has not served the call");
  }

  /** Every attempt made; once routing started. */
  List<Attempt> attempts() {
    return Objects.requireNonNull(attempts, "routing has not started");
  }

  /** Hands the call to the next stage. */
  R proceed() {
    return pipeline.stage(next++).intercept(this);
  }

  /**
   * A fresh call for the request and context an interceptor passed on, starting at the next stage.
   */
  Call<Q, V, R> continueWith(Q newRequest, RequestContext newContext) {
    return pipeline.newCall(next, op, newRequest, newContext);
  }

  /** The request as it goes upstream (after the request check: without LLMux's own fields). */
  Q request() {
    return request;
  }

  /**
   * Replaces the request (same prompt, minus LLMux's own fields); {@code recount}: the prompt
   * changed too (a narrowed embeddings input), so count its tokens again.
   */
  void request(Q newRequest, boolean recount) {
    request = newRequest;
    chatShape = UNSET;
    if (recount) {
      tokens = null;
    }
  }

  /** The requested model's group, resolved once (alias, wildcard, {@code provider/model}). */
  ModelCatalog.Group group() {
    ModelCatalog.Group g = group;
    if (g == null) {
      g = catalog.resolve(requestedModel);
      group = g;
    }
    return g;
  }

  /** The caller's request id, else a generated one; the same for every attempt. */
  String requestId() {
    String id = requestId;
    if (id == null) {
      id = RequestIds.of(context);
      requestId = id;
    }
    return id;
  }

  /**
   * The chat request the call is (or maps to), for estimates and strategies; {@code null} when
   * none.
   */
  @Nullable ChatCompletionRequest chatShape() {
    Object s = chatShape;
    if (s == UNSET) {
      s = op.requests.chatShape(request);
      chatShape = s;
    }
    return (ChatCompletionRequest) s;
  }

  /** The prompt's token counts, counted at most once per tokenizer for the whole call. */
  PromptTokens tokens() {
    PromptTokens t = tokens;
    if (t == null) {
      t = new PromptTokens(chatShape(), op.requests.embedding(request));
      tokens = t;
    }
    return t;
  }
}
