package dev.llmux.facade;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /health/live} (200 while the process serves HTTP) and {@code GET /health/ready}: 200
 * with {@code {"status": "ready" | "degraded", "checks": {...}}} while the router is built, the
 * server is not stopping and every required dependency answers; else 503 with {@code "status":
 * "not_ready"}, the reason and the checks, plus OpenAI's {@code error} object ({@code not_ready}).
 * No key needed: probes rarely carry one.
 */
final class HealthEndpoint implements Endpoint {
  private static final byte[] OK_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  /** What readiness checks, or {@code null} for liveness. */
  private final Readiness readiness;

  private HealthEndpoint(Readiness readiness) {
    this.readiness = readiness;
  }

  static HealthEndpoint live() {
    return new HealthEndpoint(null);
  }

  static HealthEndpoint ready(Readiness readiness) {
    return new HealthEndpoint(readiness);
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    if (readiness == null) {
      ex.sendBytes(200, Exchange.JSON, OK_BODY);
      return;
    }
    Readiness.Report r = readiness.check();
    if (r.ready()) {
      ex.sendJson(200, r.json());
      return;
    }
    ApiError e = ApiError.unavailable("not ready: " + r.reason(), "not_ready");
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", e.message());
    error.put("type", e.type());
    error.putNull("param");
    error.put("code", e.code());
    body.setAll((ObjectNode) Json.mapper().valueToTree(r.json()));
    ex.sendJson(503, body);
  }
}
