package dev.llmux.facade;

import dev.llmux.core.LlmRouter;

/**
 * The router being served, once built, or why there is none: read by every request, swapped by
 * {@link FacadeServer} at start, on reload and at stop.
 */
final class RouterHolder {
  private static final String NOT_BUILT = "the router is not built yet";

  private volatile LlmRouter router;
  private volatile String notReadyReason = NOT_BUILT;

  void set(LlmRouter router) {
    this.router = router;
    this.notReadyReason = router == null ? NOT_BUILT : null;
  }

  void notReady(String reason) {
    this.notReadyReason = reason;
  }

  /** The router, or {@code null}. */
  LlmRouter router() {
    return router;
  }

  /** Why the server is not ready, or {@code null} when it is. */
  String notReadyReason() {
    return router == null && notReadyReason == null ? NOT_BUILT : notReadyReason;
  }
}
