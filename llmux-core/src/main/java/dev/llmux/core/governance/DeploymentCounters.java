package dev.llmux.core.governance;

import dev.llmux.core.Deployment;
import dev.llmux.core.store.Acquisition;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.Limit;
import dev.llmux.core.store.Permit;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Per-deployment request and token counters over the router's {@link CounterStore}, for routing
 * strategies ({@code lowest-tpm-rpm}) and pre-call checks (skip a deployment over its own
 * {@link Deployment#rpm()}/{@link Deployment#tpm()}). Sharing the store means every router instance
 * on a shared store sees the same usage. Windows are the store's one-minute sliding logs.
 *
 * <p>Use: {@link #tryAcquire} when an attempt is about to start on a deployment (all-or-nothing on
 * its rpm and tpm, with the request's token estimate); {@link #settle} with the actual tokens when
 * the attempt ends (0 on failure); {@link #release} if the attempt never started. Read
 * {@link #requestsInLastMinute}/{@link #tokensInLastMinute} to rank deployments.
 */
public final class DeploymentCounters {
  static final Duration MINUTE = Duration.ofMinutes(1);

  private final CounterStore store;
  private final Clock clock;

  public DeploymentCounters(CounterStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The counter key of a deployment's requests. */
  public static String requestsKey(String deploymentId) {
    return "llmux:deployment:" + deploymentId + ":rpm";
  }

  /** The counter key of a deployment's tokens. */
  public static String tokensKey(String deploymentId) {
    return "llmux:deployment:" + deploymentId + ":tpm";
  }

  /** Requests started on the deployment in the last minute. */
  public long requestsInLastMinute(String deploymentId) {
    return store.used(requestsKey(deploymentId), MINUTE, clock.instant());
  }

  /** Tokens counted on the deployment in the last minute (estimates of calls in flight, actuals after). */
  public long tokensInLastMinute(String deploymentId) {
    return store.used(tokensKey(deploymentId), MINUTE, clock.instant());
  }

  /**
   * Counts one request and {@code estimatedTokens} tokens on {@code d}, unless that would pass its
   * rpm or tpm (a deployment without them counts without limit). Denied: nothing is counted, and
   * {@link Acquisition#retryAfter()} says when it would fit.
   */
  public Acquisition tryAcquire(Deployment d, long estimatedTokens) {
    List<Limit> limits = List.of(
        Limit.window(requestsKey(d.id()), d.rpm() == null ? Long.MAX_VALUE : d.rpm(), MINUTE),
        Limit.window(tokensKey(d.id()), d.tpm() == null ? Long.MAX_VALUE : d.tpm(), MINUTE));
    return store.acquire(limits, List.of(1L, Math.max(0, estimatedTokens)), clock.instant());
  }

  /** Replaces the token estimate with {@code actualTokens}; the request stays counted. */
  public void settle(Permit permit, long actualTokens) {
    store.settle(permit, List.of(1L, Math.max(0, actualTokens)), clock.instant());
  }

  /** Undoes an acquisition whose attempt never started. */
  public void release(Permit permit) {
    store.release(permit);
  }
}
