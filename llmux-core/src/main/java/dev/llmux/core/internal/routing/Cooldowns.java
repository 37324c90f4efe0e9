package dev.llmux.core.internal.routing;

import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.core.spi.CooldownStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which deployments are cooling down, and the failure windows that decide it.
 *
 * <p>Rules: a deployment that is the only one of its group is never cooled down by these rules
 * (there is nothing to route to instead: a cooldown would only turn an upstream blip into seconds
 * of 503s; retries with backoff still apply). Otherwise an upstream 429, 401 or 404 cools it down
 * at once (a 429 for at least its retry-after), and any health failure (retriable errors, 401, 403,
 * 404) counts in the deployment's window; more than {@code allowedFails} failures in the window, or
 * a failure rate at or above {@code failureThreshold} over at least {@code failureMinCalls} calls,
 * cools it down. Caller errors (400, context window, content policy) never count. A cooldown lasts
 * {@code cooldownTime}. A cooldown set by hand ({@link #coolDown}) applies to any deployment.
 */
public final class Cooldowns {
  private static final Logger log = LoggerFactory.getLogger(Cooldowns.class);

  /** Why and until when a deployment is cooling down. */
  public record Cooldown(Instant until, String reason) {}

  private final Clock clock;
  private final RouterSettings settings;
  private final CooldownStore cooldowns;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public Cooldowns(Clock clock, RouterSettings settings) {
    this(clock, settings, CooldownStore.inMemory());
  }

  public Cooldowns(Clock clock, RouterSettings settings, CooldownStore store) {
    this.clock = clock;
    this.settings = settings;
    this.cooldowns = store;
  }

  /** The active cooldown of {@code deploymentId}, or {@code null}. */
  public @Nullable Cooldown active(String deploymentId) {
    CooldownStore.Entry e = cooldowns.get(deploymentId);
    if (e == null || !clock.instant().isBefore(e.until())) {
      return null; // an expired entry is left to the store (a shared one may hold a newer one)
    }
    return new Cooldown(e.until(), e.reason());
  }

  public void recordSuccess(String deploymentId) {
    window(deploymentId).record(false, clock.millis(), settings.failureWindow().toMillis());
  }

  /**
   * Records a failed attempt of a deployment whose model group has {@code groupSize} deployments;
   * returns the cooldown it started, or {@code null}.
   */
  public @Nullable Cooldown recordFailure(String deploymentId, LlmException error, int groupSize) {
    if (groupSize <= 1 || !countsAgainstHealth(error)) {
      return null; // a group's only deployment is never cooled down by rule
    }
    boolean fromUpstream = error.upstreamStatus() != null;
    if (fromUpstream
        && (error instanceof RateLimitException
            || error instanceof AuthenticationException
            || error instanceof NotFoundException)) {
      Duration d = settings.cooldownTime();
      if (error.retryAfter() != null && error.retryAfter().compareTo(d) > 0) {
        d = error.retryAfter();
      }
      return coolDown(
          deploymentId, d, "upstream " + error.upstreamStatus() + ": " + error.getMessage());
    }
    Window w = window(deploymentId);
    int[] counts = w.record(true, clock.millis(), settings.failureWindow().toMillis());
    int calls = counts[0];
    int failures = counts[1];
    if (failures > settings.allowedFails()) {
      return coolDown(
          deploymentId,
          settings.cooldownTime(),
          failures
              + " failures within "
              + settings.failureWindow()
              + " (allowed_fails "
              + settings.allowedFails()
              + ")");
    }
    if (calls >= settings.failureMinCalls()
        && (double) failures / calls >= settings.failureThreshold()) {
      return coolDown(
          deploymentId,
          settings.cooldownTime(),
          "failure rate " + failures + "/" + calls + " reached " + settings.failureThreshold());
    }
    return null;
  }

  /** Cools {@code deploymentId} down for {@code duration}, by rule or by hand. */
  public Cooldown coolDown(String deploymentId, Duration duration, String reason) {
    Cooldown c = new Cooldown(clock.instant().plus(duration), reason);
    cooldowns.put(deploymentId, new CooldownStore.Entry(c.until(), reason), duration);
    windows.remove(deploymentId);
    log.warn("deployment {} cooling down until {}: {}", deploymentId, c.until(), reason);
    return c;
  }

  /** Ends a cooldown now. */
  public void restore(String deploymentId) {
    cooldowns.remove(deploymentId);
    windows.remove(deploymentId);
  }

  void forget(String deploymentId) {
    restore(deploymentId);
  }

  private Window window(String deploymentId) {
    return windows.computeIfAbsent(deploymentId, k -> new Window());
  }

  private static boolean countsAgainstHealth(LlmException e) {
    switch (ErrorClass.of(e)) {
      case BAD_REQUEST:
      case CONTEXT_WINDOW:
      case CONTENT_POLICY:
        return false;
      default:
        // Our own flow-control rejections (no upstream status) say nothing about the deployment.
        return !(e instanceof RateLimitException) || e.upstreamStatus() != null;
    }
  }

  /** A fixed window of calls and failures. */
  private static final class Window {
    private long start;
    private int calls;
    private int failures;

    synchronized int[] record(boolean failure, long nowMillis, long windowMillis) {
      if (calls == 0 || nowMillis - start >= windowMillis) {
        start = nowMillis;
        calls = 0;
        failures = 0;
      }
      calls++;
      if (failure) {
        failures++;
      }
      return new int[] {calls, failures};
    }
  }
}
