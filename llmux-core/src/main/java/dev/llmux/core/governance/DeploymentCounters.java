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
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-deployment request and token counters over the router's {@link CounterStore}, for routing
 * strategies ({@code lowest-tpm-rpm}) and pre-call checks (skip a deployment over its own {@link
 * Deployment#rpm()}/{@link Deployment#tpm()}). Sharing the store means every router instance on a
 * shared store sees the same usage. Windows are the store's one-minute sliding logs.
 *
 * <p>Use: {@link #tryAcquire} when an attempt is about to start on a deployment (all-or-nothing on
 * its rpm and tpm, with the request's token estimate); {@link #settle} with the actual tokens when
 * the attempt ends (0 on failure); {@link #release} if the attempt never started. Read {@link
 * #requestsInLastMinute}/{@link #tokensInLastMinute} to rank deployments.
 *
 * <p>These counters steer routing; they never stop it. When the store fails, reads count zero and
 * acquisitions are granted uncounted (a {@code null} permit), with one warning a minute at most.
 */
public final class DeploymentCounters {
  static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(DeploymentCounters.class);

  private final AtomicLong lastFailureLog = new AtomicLong(Long.MIN_VALUE);

  private final CounterStore store;
  private final Clock clock;

  /** Counters kept in {@code store}, with minutes read from {@code clock}. */
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
    try {
      return store.used(requestsKey(deploymentId), MINUTE, clock.instant());
    } catch (RuntimeException e) {
      storeFailed(e);
      return 0;
    }
  }

  /**
   * Tokens counted on the deployment in the last minute (estimates of calls in flight, actuals
   * after).
   */
  public long tokensInLastMinute(String deploymentId) {
    try {
      return store.used(tokensKey(deploymentId), MINUTE, clock.instant());
    } catch (RuntimeException e) {
      storeFailed(e);
      return 0;
    }
  }

  /**
   * Counts one request and {@code estimatedTokens} tokens on {@code d}, unless that would pass its
   * rpm or tpm (a deployment without them counts without limit). Denied: nothing is counted, and
   * {@link Acquisition#retryAfter()} says when it would fit.
   */
  public Acquisition tryAcquire(Deployment d, long estimatedTokens) {
    return tryAcquire(d, estimatedTokens, true);
  }

  /**
   * As {@link #tryAcquire(Deployment, long)}; with {@code enforce} false the request and tokens are
   * counted without checking the deployment's rpm/tpm.
   */
  public Acquisition tryAcquire(Deployment d, long estimatedTokens, boolean enforce) {
    long rpm = enforce && d.rpm() != null ? d.rpm() : Long.MAX_VALUE;
    long tpm = enforce && d.tpm() != null ? d.tpm() : Long.MAX_VALUE;
    List<Limit> limits =
        List.of(
            Limit.window(requestsKey(d.id()), rpm, MINUTE),
            Limit.window(tokensKey(d.id()), tpm, MINUTE));
    try {
      return store.acquire(limits, List.of(1L, Math.max(0, estimatedTokens)), clock.instant());
    } catch (RuntimeException e) {
      storeFailed(e);
      return Acquisition.granted(null);
    }
  }

  /** Replaces the token estimate with {@code actualTokens}; the request stays counted. */
  public void settle(@Nullable Permit permit, long actualTokens) {
    if (permit == null) {
      return;
    }
    try {
      store.settle(permit, List.of(1L, Math.max(0, actualTokens)), clock.instant());
    } catch (RuntimeException e) {
      storeFailed(e);
    }
  }

  /** Undoes an acquisition whose attempt never started. */
  public void release(@Nullable Permit permit) {
    if (permit == null) {
      return;
    }
    try {
      store.release(permit);
    } catch (RuntimeException e) {
      storeFailed(e);
    }
  }

  private void storeFailed(RuntimeException e) {
    long now = clock.millis();
    long last = lastFailureLog.get();
    if (now - last >= 60_000 && lastFailureLog.compareAndSet(last, now)) {
      log.warn("deployment counters unavailable; routing without rpm/tpm usage: {}", e.toString());
    }
  }
}
