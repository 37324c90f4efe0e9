package dev.llmux.api.error;

/**
 * The router was closed (the application, or the facade, is shutting down): no new call is
 * accepted. HTTP 503, type {@code api_error}, code {@code router_closed}. Not retried by the router
 * (every attempt would meet the same closed router); a caller may retry against another instance.
 * Created without a stack trace.
 */
public class RouterClosedException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** A call on a closed router. */
  public RouterClosedException(String message) {
    super(message, "api_error", 503, "router_closed", null, null, null, false);
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
