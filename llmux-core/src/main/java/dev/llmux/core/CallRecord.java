package dev.llmux.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One finished call, as told to a {@link CallListener}. Immutable; lists and maps are never {@code
 * null}.
 *
 * @param id the call id LLMux generated for this call: a time-ordered UUID (version 7 layout),
 *     unique per call and never taken from the caller, so a caller cannot make two calls share an
 *     id (spend logs are idempotent on it); the same value as {@link RouteResult#callId()}
 * @param callerRequestId the caller's request id ({@link RequestContext#requestId()}), or {@code
 *     null}
 * @param operation {@code chat}, {@code embeddings}, {@code responses} or {@code completions}
 * @param stream whether the call was streamed
 * @param keyId virtual key id from the {@link RequestContext}, or {@code null}
 * @param userId user, or {@code null}
 * @param teamId team, or {@code null}
 * @param orgId organization, or {@code null}
 * @param endUserId end user, or {@code null}
 * @param tags request tags
 * @param metadata request metadata
 * @param requestedModel the model the caller asked for, or {@code null} when the request named none
 * @param modelGroup the model group that served (after fallbacks), or the one being tried when the
 *     call failed, or {@code null} when it failed before resolving one
 * @param deploymentId the deployment that served, or {@code null} (cache hit, failure before a
 *     response)
 * @param provider that deployment's provider instance name, or {@code null}
 * @param providerType that provider's type ({@code openai}, {@code anthropic}, ...), or {@code
 *     null}
 * @param promptTokens prompt tokens (the provider's count, or LLMux's estimate when it reported
 *     none)
 * @param completionTokens completion tokens, as above
 * @param cachedTokens prompt tokens served from the provider's prompt cache (part of {@code
 *     promptTokens})
 * @param reasoningTokens reasoning tokens (part of {@code completionTokens})
 * @param cost cost in USD; {@code 0} for a cache hit or a call that failed before a response;
 *     {@code null} when the deployment's price is unknown
 * @param startedAt wall-clock time the call entered routing
 * @param latency time from the start of routing to the end of the call (for a stream: its last
 *     chunk, failure or close)
 * @param timeToFirstToken for streams, the time to the first chunk; else {@code null}
 * @param cacheHit whether the response came from the response cache
 * @param status {@code success}, {@code cancelled} (a stream closed before its end), or the error's
 *     code ({@code LlmException.code()}, else its error class such as {@code rate_limit} or {@code
 *     server_error}; {@code internal} for an unexpected exception)
 * @param httpStatus {@code 200}, or the error's HTTP status ({@code 500} for an unexpected
 *     exception); a cancelled stream keeps {@code 200}
 * @param errorType the error's OpenAI type ({@code invalid_request_error}, ...), or {@code null}
 */
public record CallRecord(
    String id,
    @Nullable String callerRequestId,
    String operation,
    boolean stream,
    @Nullable String keyId,
    @Nullable String userId,
    @Nullable String teamId,
    @Nullable String orgId,
    @Nullable String endUserId,
    List<String> tags,
    Map<String, String> metadata,
    @Nullable String requestedModel,
    @Nullable String modelGroup,
    @Nullable String deploymentId,
    @Nullable String provider,
    @Nullable String providerType,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long reasoningTokens,
    @Nullable Double cost,
    Instant startedAt,
    Duration latency,
    @Nullable Duration timeToFirstToken,
    boolean cacheHit,
    String status,
    int httpStatus,
    @Nullable String errorType) {

  /** {@code status} of a call that was served. */
  public static final String SUCCESS = "success";

  /** {@code status} of a stream closed before its end. */
  public static final String CANCELLED = "cancelled";

  /**
   * Checks that {@code id}, {@code operation}, {@code status} are present; makes the lists and maps
   * immutable copies.
   */
  public CallRecord {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(operation, "operation");
    java.util.Objects.requireNonNull(status, "status");
    tags = tags == null ? List.of() : List.copyOf(tags);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Whether the call was served ({@code success} or a {@code cancelled} stream). */
  public boolean succeeded() {
    return SUCCESS.equals(status) || CANCELLED.equals(status);
  }
}
