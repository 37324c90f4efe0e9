package dev.llmux.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The upstream failed: a 5xx, a 409, an unexpected status, or a body that could not be read. The
 * gateway status is 503 for an upstream 503, 504 for 504, and 502 otherwise; the upstream status is
 * kept in {@link #upstreamStatus()}. Retriable.
 */
public class UpstreamServerException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** An upstream server error with its status, message and body. */
  public UpstreamServerException(
      String message, @Nullable Integer upstreamStatus, @Nullable Throwable cause) {
    super(
        message,
        "api_error",
        gatewayStatus(upstreamStatus),
        "upstream_error",
        null,
        upstreamStatus,
        cause,
        true);
  }

  private static int gatewayStatus(@Nullable Integer upstream) {
    if (upstream != null && (upstream == 503 || upstream == 504)) {
      return upstream;
    }
    return 502;
  }

  @Override
  public boolean isRetriable() {
    return true;
  }
}
