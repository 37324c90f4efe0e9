package dev.llmux.core.internal.routing;

import dev.llmux.api.spi.CallOptions;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import java.time.Duration;

/**
 * The options of one attempt: connect, total and first-chunk timeouts from the request context,
 * then the deployment, then the router (the first-chunk timeout never beyond the total one), the
 * caller's headers and the request id.
 */
public final class Timeouts {
  private final RouterSettings settings;

  public Timeouts(RouterSettings settings) {
    this.settings = settings;
  }

  /** The options of an attempt on {@code d}. */
  public CallOptions options(Deployment d, RequestContext ctx, String requestId) {
    Duration timeout =
        ctx.timeout() != null
            ? ctx.timeout()
            : d.timeout() != null ? d.timeout() : settings.timeout();
    Duration connect = d.connectTimeout() != null ? d.connectTimeout() : settings.connectTimeout();
    Duration firstChunk =
        d.firstChunkTimeout() != null ? d.firstChunkTimeout() : settings.firstChunkTimeout();
    if (firstChunk.compareTo(timeout) > 0) {
      firstChunk = timeout;
    }
    return new CallOptions(connect, timeout, firstChunk, ctx.headers(), requestId);
  }
}
