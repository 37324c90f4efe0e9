package dev.llmux.facade;

import dev.llmux.core.Attempt;
import dev.llmux.core.RouteResult;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Response;

/**
 * The routing headers of a served call: LLMux's call id (the spend log's {@code request_id}), which
 * deployment and group served, attempts, cache hit, LLMux's own overhead.
 */
final class RouteHeaders {
  static final String H_DEPLOYMENT = "x-llmux-deployment";
  static final String H_MODEL_GROUP = "x-llmux-model-group";
  static final String H_ATTEMPTS = "x-llmux-attempts";
  static final String H_CACHE_HIT = "x-llmux-cache-hit";
  static final String H_OVERHEAD = "x-llmux-overhead-ms";
  static final String H_CALL_ID = "x-llmux-call-id";

  private RouteHeaders() {}

  /**
   * Puts the headers of {@code r} on {@code response}; the overhead is {@code total} minus the
   * successful attempt's latency (omitted when {@code total} is {@code null}).
   */
  static void put(Response response, RouteResult<?> r, Duration total) {
    HttpFields.Mutable h = response.getHeaders();
    if (r.callId() != null) {
      h.put(H_CALL_ID, r.callId());
    }
    if (r.deploymentId() != null) {
      h.put(H_DEPLOYMENT, r.deploymentId());
    }
    if (r.modelGroup() != null) {
      h.put(H_MODEL_GROUP, r.modelGroup());
    }
    h.put(H_ATTEMPTS, Integer.toString(r.attempts().size()));
    h.put(H_CACHE_HIT, r.cacheHit() ? "true" : "false");
    if (total != null) {
      long upstream = 0;
      List<Attempt> attempts = r.attempts();
      if (!attempts.isEmpty() && attempts.get(attempts.size() - 1).latency() != null) {
        upstream = attempts.get(attempts.size() - 1).latency().toNanos();
      }
      h.put(H_OVERHEAD, millis(Math.max(0, total.toNanos() - upstream)));
    }
  }

  /** Nanoseconds as milliseconds with three decimals ("0.412"). */
  static String millis(long nanos) {
    long micros = nanos / 1000;
    long frac = micros % 1000;
    StringBuilder sb = new StringBuilder(12).append(micros / 1000).append('.');
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    return sb.append(frac).toString();
  }
}
