package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/** The credentials are valid but not allowed to do this (for example, use this model). HTTP 403. */
public class PermissionDeniedException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** A permission error with a message. */
  public PermissionDeniedException(String message) {
    this(message, null, null, null);
  }

  /** A permission error from an upstream, with its status and body. */
  public PermissionDeniedException(
      String message,
      @Nullable String code,
      @Nullable Integer upstreamStatus,
      @Nullable Throwable cause) {
    super(message, "permission_error", 403, code, null, upstreamStatus, cause, true);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
