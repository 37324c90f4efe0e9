package dev.llmux.api.error;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Base of every error LLMux raises. Unchecked.
 *
 * <ul>
 *   <li>{@link #type()}: the OpenAI error {@code type} ({@code invalid_request_error}, ...);
 *   <li>{@link #httpStatus()}: the status an OpenAI-compatible server answers with;
 *   <li>{@link #code()}: the OpenAI error {@code code}, or {@code null};
 *   <li>{@link #param()}: the request parameter at fault, or {@code null};
 *   <li>{@link #upstreamStatus()}: the status the provider answered with, or {@code null} when the
 *       error did not come from an upstream HTTP answer;
 *   <li>{@link #isRetriable()}: whether another attempt (same or other deployment) may succeed.
 * </ul>
 */
public abstract class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Serialized with the exception. */
  private final String type;

  /** Serialized with the exception. */
  private final int httpStatus;

  /** Serialized with the exception. */
  private final @Nullable String code;

  /** Serialized with the exception. */
  private final @Nullable String param;

  /** Serialized with the exception. */
  private final @Nullable Integer upstreamStatus;

  /** An error with its OpenAI type, HTTP status, code, parameter, upstream status and cause. */
  protected LlmException(
      String message,
      String type,
      int httpStatus,
      @Nullable String code,
      @Nullable String param,
      @Nullable Integer upstreamStatus,
      @Nullable Throwable cause,
      boolean withStackTrace) {
    super(message, cause, true, withStackTrace);
    this.type = type;
    this.httpStatus = httpStatus;
    this.code = code;
    this.param = param;
    this.upstreamStatus = upstreamStatus;
  }

  /** The OpenAI error {@code type}. */
  public String type() {
    return type;
  }

  /** The HTTP status an OpenAI-compatible server answers this error with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The OpenAI error {@code code}, or {@code null}. */
  public @Nullable String code() {
    return code;
  }

  /** The request parameter at fault, or {@code null}. */
  public @Nullable String param() {
    return param;
  }

  /** The upstream provider's HTTP status, or {@code null} if the error did not come from one. */
  public @Nullable Integer upstreamStatus() {
    return upstreamStatus;
  }

  /** Whether another attempt may succeed. */
  public abstract boolean isRetriable();

  /** How long the server asked the caller to wait, or {@code null} when it did not say. */
  public @Nullable Duration retryAfter() {
    return null;
  }
}
