package dev.llmux.core.internal;

import dev.llmux.core.RequestContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request id a call is sent upstream with: the caller's, else a random {@code llmux-...} one.
 */
public final class RequestIds {
  private RequestIds() {}

  /** {@code ctx}'s request id, or a new random one. */
  public static String of(RequestContext ctx) {
    if (ctx.requestId() != null) {
      return ctx.requestId();
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "llmux-"
        + Long.toHexString(r.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
  }
}
