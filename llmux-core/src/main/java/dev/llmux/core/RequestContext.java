package dev.llmux.core;

import dev.llmux.core.cache.CacheControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling and how: identities for budgets and limits (key, user, team, organization, end
 * user), tags and metadata, and per-request overrides. The facade fills it from the API key; an
 * embedding application fills it itself. Immutable; {@link #EMPTY} when there is nothing to say.
 *
 * @param requestId the caller's request id (LLMux generates one when {@code null})
 * @param keyId virtual API key id, or {@code null}
 * @param userId user, or {@code null}
 * @param teamId team, or {@code null}
 * @param orgId organization, or {@code null}
 * @param endUserId the application's own end user, or {@code null}
 * @param tags request tags for tag-based routing
 * @param metadata free-form metadata, recorded with the call
 * @param timeout overrides the per-attempt timeout, or {@code null}
 * @param fallbacksEnabled {@code false} turns fallbacks off for this request; {@code null} = router
 *     setting
 * @param headers extra HTTP headers to send upstream
 * @param cacheControl cache directives for this request (a body {@code cache} object adds to them)
 */
public record RequestContext(
    @Nullable String requestId,
    @Nullable String keyId,
    @Nullable String userId,
    @Nullable String teamId,
    @Nullable String orgId,
    @Nullable String endUserId,
    List<String> tags,
    Map<String, String> metadata,
    @Nullable Duration timeout,
    @Nullable Boolean fallbacksEnabled,
    Map<String, String> headers,
    CacheControl cacheControl) {

  /** A context with nothing set. */
  public static final RequestContext EMPTY = builder().build();

  /** Makes the lists and maps immutable copies. */
  public RequestContext {
    tags = tags == null ? List.of() : List.copyOf(tags);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    cacheControl = cacheControl == null ? CacheControl.NONE : cacheControl;
  }

  /** A builder for a context. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this context's fields, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .requestId(requestId)
        .keyId(keyId)
        .userId(userId)
        .teamId(teamId)
        .orgId(orgId)
        .endUserId(endUserId)
        .tags(tags)
        .metadata(metadata)
        .timeout(timeout)
        .fallbacksEnabled(fallbacksEnabled)
        .headers(headers)
        .cacheControl(cacheControl);
  }

  /** Builder of {@link RequestContext}. */
  public static final class Builder {
    private @Nullable String requestId;
    private @Nullable String keyId;
    private @Nullable String userId;
    private @Nullable String teamId;
    private @Nullable String orgId;
    private @Nullable String endUserId;
    private @Nullable List<String> tags;
    private @Nullable Map<String, String> metadata;
    private @Nullable Duration timeout;
    private @Nullable Boolean fallbacksEnabled;
    private @Nullable Map<String, String> headers;
    private @Nullable CacheControl cacheControl;

    private Builder() {}

    /** The request's id (in call records and logs); default generated. */
    public Builder requestId(@Nullable String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** The id of the virtual key the call is made with. */
    public Builder keyId(@Nullable String keyId) {
      this.keyId = keyId;
      return this;
    }

    /** The user the call is made for. */
    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      return this;
    }

    /** The team the call is made for. */
    public Builder teamId(@Nullable String teamId) {
      this.teamId = teamId;
      return this;
    }

    /** The organization the call is made for. */
    public Builder orgId(@Nullable String orgId) {
      this.orgId = orgId;
      return this;
    }

    /** The end user (the caller's customer) the call is made for. */
    public Builder endUserId(@Nullable String endUserId) {
      this.endUserId = endUserId;
      return this;
    }

    /** Tags: only deployments with these tags serve the call. */
    public Builder tags(@Nullable List<String> tags) {
      this.tags = tags;
      return this;
    }

    /** Metadata carried to call records and listeners. */
    public Builder metadata(@Nullable Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** A per-attempt timeout overriding the deployment's. */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Whether fallbacks to other groups are tried; {@code null} for the router's setting. */
    public Builder fallbacksEnabled(@Nullable Boolean fallbacksEnabled) {
      this.fallbacksEnabled = fallbacksEnabled;
      return this;
    }

    /** Extra HTTP headers sent upstream. */
    public Builder headers(@Nullable Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /** Per-request cache directives. */
    public Builder cacheControl(@Nullable CacheControl cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /** The context. */
    public RequestContext build() {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      return new RequestContext(
          requestId,
          keyId,
          userId,
          teamId,
          orgId,
          endUserId,
          tags == null ? List.of() : tags,
          metadata == null ? Map.of() : metadata,
          timeout,
          fallbacksEnabled,
          headers == null ? Map.of() : headers,
          cacheControl == null ? CacheControl.NONE : cacheControl);
    }
  }
}
