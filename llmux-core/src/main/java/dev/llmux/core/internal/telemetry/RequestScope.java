package dev.llmux.core.internal.telemetry;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.core.CallRecord;
import dev.llmux.core.RequestContext;
import dev.llmux.core.internal.PromptTokens;
import dev.llmux.core.internal.routing.CandidateSelector;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One request's routing bookkeeping, from the router's entry to its settlement: its prompt token
 * count (counted once), its tags, its trace span, the time spent upstream, and the lease of the
 * attempt that succeeded (ended when the response, or the stream, is settled).
 */
public final class RequestScope {
  final String operation;
  public final boolean stream;
  final @Nullable String requestedModel;
  final String requestId;
  public final RequestContext context;
  public final @Nullable ChatCompletionRequest chat;
  public final @Nullable EmbeddingRequest embedding;
  public final PromptTokens tokens;
  final long startNanos;

  /** The LLMux call id ({@link CallRecord#id()}), generated when the scope begins. */
  public final String callId;

  /** Wall-clock start, epoch milliseconds. */
  final long startedAtMillis;

  /** The operation as {@link CallRecord#operation()} names it (responses are routed as chat). */
  final String callOperation;

  /** Set once the call's {@link CallRecord} went out: at most one per call. */
  final AtomicBoolean recorded = new AtomicBoolean();

  @Nullable Object span;

  /** The model group being served (set by the pipeline), or {@code null} before resolution. */
  public volatile @Nullable String group;

  volatile long upstreamNanos;
  volatile @Nullable AttemptLease served;
  private @Nullable Set<String> tags;

  RequestScope(
      String operation,
      String callOperation,
      boolean stream,
      @Nullable String requestedModel,
      String requestId,
      RequestContext context,
      @Nullable ChatCompletionRequest chat,
      @Nullable EmbeddingRequest embedding,
      PromptTokens tokens,
      long startNanos,
      long startedAtMillis) {
    this.operation = operation;
    this.stream = stream;
    this.requestedModel = requestedModel;
    this.requestId = requestId;
    this.context = context;
    this.chat = chat;
    this.embedding = embedding;
    this.tokens = tokens;
    this.startNanos = startNanos;
    this.startedAtMillis = startedAtMillis;
    this.callId = CallListeners.newId(startedAtMillis);
    this.callOperation = CallListeners.operation(callOperation);
  }

  public boolean hasPrompt() {
    return chat != null || embedding != null;
  }

  public Set<String> tags() {
    Set<String> t = tags;
    if (t == null) {
      t = CandidateSelector.requestTags(this);
      tags = t;
    }
    return t;
  }
}
