package dev.llmux.core.internal.routing;

import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.ContentPolicyException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.api.error.RateLimitException;

/** The error classes that retry policies and fallback rules are written in. */
public enum ErrorClass {
  BAD_REQUEST("bad_request", false),
  CONTEXT_WINDOW("context_window", false),
  CONTENT_POLICY("content_policy", false),
  AUTHENTICATION("authentication", false),
  PERMISSION("permission", false),
  NOT_FOUND("not_found", false),
  RATE_LIMIT("rate_limit", true),
  TIMEOUT("timeout", true),
  CONNECTION("connection", true),
  SERVER_ERROR("server_error", true);

  public final String key;

  /** Whether errors of this class are ever retried. */
  public final boolean retriable;

  ErrorClass(String key, boolean retriable) {
    this.key = key;
    this.retriable = retriable;
  }

  public static ErrorClass of(LlmException e) {
    if (e instanceof ContextWindowExceededException) return CONTEXT_WINDOW;
    if (e instanceof ContentPolicyException) return CONTENT_POLICY;
    if (e instanceof BadRequestException) return BAD_REQUEST;
    if (e instanceof AuthenticationException) return AUTHENTICATION;
    if (e instanceof PermissionDeniedException) return PERMISSION;
    if (e instanceof NotFoundException) return NOT_FOUND;
    if (e instanceof RateLimitException) return RATE_LIMIT;
    if (e instanceof LlmTimeoutException) return TIMEOUT;
    if (e instanceof ConnectionException) return CONNECTION;
    return SERVER_ERROR;
  }

  public static ErrorClass fromKey(String key) {
    for (ErrorClass c : values()) {
      if (c.key.equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown error class '" + key + "'");
  }
}
