package dev.llmux.facade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /health/live} (200 while the process serves HTTP) and {@code GET /health/ready} (200
 * once the router is built and while the server is not stopping, else 503 {@code not_ready} with
 * the reason). No key needed: probes rarely carry one.
 */
final class HealthEndpoint implements Endpoint {
  private static final byte[] OK_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  /** The router whose readiness is reported, or {@code null} for liveness. */
  private final RouterHolder readiness;

  private HealthEndpoint(RouterHolder readiness) {
    this.readiness = readiness;
  }

  static HealthEndpoint live() {
    return new HealthEndpoint(null);
  }

  static HealthEndpoint ready(RouterHolder holder) {
    return new HealthEndpoint(holder);
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    String reason = readiness == null ? null : readiness.notReadyReason();
    if (reason != null) {
      throw new ApiErrorException(ApiError.unavailable("not ready: " + reason, "not_ready"));
    }
    ex.sendBytes(200, Exchange.JSON, OK_BODY);
  }
}
