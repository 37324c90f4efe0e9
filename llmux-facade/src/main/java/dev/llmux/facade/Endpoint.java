package dev.llmux.facade;

import java.io.IOException;

/**
 * What serves one route of the {@link RouteTable}. An endpoint answers on the exchange, or throws
 * an {@link ApiErrorException} (or lets a router's {@link dev.llmux.api.error.LlmException} pass):
 * {@link FacadeHandler} answers those.
 */
@FunctionalInterface
interface Endpoint {
  /**
   * Serves the request.
   *
   * @param principal who called: the key's principal on API routes, {@code null} on open routes
   *     (health, metrics, the management API, which authenticates by itself)
   */
  void serve(Exchange ex, Authenticator.Principal principal) throws IOException;

  /**
   * Whether this endpoint reads the body of a {@code method} request: then the request is served
   * once its whole body has arrived ({@link BodyBuffer}), in {@link Exchange#body}.
   */
  default boolean readsBody(String method) {
    return false;
  }
}
