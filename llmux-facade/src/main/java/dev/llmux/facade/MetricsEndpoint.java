package dev.llmux.facade;

import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;

/** {@code GET /metrics}: the facade's meters in Prometheus text format. No key needed. */
final class MetricsEndpoint implements Endpoint {
  private final FacadeMetrics metrics;

  MetricsEndpoint(FacadeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    ex.response.setStatus(200);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, FacadeMetrics.CONTENT_TYPE);
    try (ResponseOutput out = new ResponseOutput(ex.response, 16 * 1024)) {
      metrics.scrape(out);
    }
  }
}
