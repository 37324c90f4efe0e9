package dev.llmux.api.error;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Too many requests or tokens, from an upstream (HTTP 429) or from LLMux's own rate limits. Carries
 * {@link #retryAfter()} when known. Retriable (after the wait, or on another deployment).
 */
public class RateLimitException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** Serialized with the exception. */
  private final @Nullable Duration retryAfter;

  /** An upstream 429. */
  public RateLimitException(
      String message,
      @Nullable Duration retryAfter,
      @Nullable Integer upstreamStatus,
      @Nullable Throwable cause) {
    super(
        message, "rate_limit_error", 429, "rate_limit_exceeded", null, upstreamStatus, cause, true);
    this.retryAfter = retryAfter;
  }

  private RateLimitException(String message, String code, @Nullable Duration retryAfter) {
    super(message, "rate_limit_error", 429, code, null, null, null, false);
    this.retryAfter = retryAfter;
  }

  /** A rejection by LLMux's own limits: no stack trace, cheap to create. */
  public static RateLimitException rejected(String message, @Nullable Duration retryAfter) {
    return new RateLimitException(message, "rate_limit_exceeded", retryAfter);
  }

  @Override
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
