package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The provider refused the request or its output on content-policy grounds. HTTP 400, code {@code
 * content_filter}. Not retriable; triggers content-policy fallbacks.
 */
public class ContentPolicyException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  /** A content policy refusal with a message. */
  public ContentPolicyException(String message) {
    this(message, null, null);
  }

  /** A content policy refusal from an upstream, with its status and body. */
  public ContentPolicyException(
      String message, @Nullable Integer upstreamStatus, @Nullable Throwable cause) {
    super(message, "content_filter", null, 400, upstreamStatus, cause);
  }
}
