package dev.llmux.core.internal.pipeline;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NoHealthyDeploymentException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Attempt;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import dev.llmux.core.Sleeper;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.routing.CandidateSelector;
import dev.llmux.core.internal.routing.Cooldowns;
import dev.llmux.core.internal.routing.ErrorClass;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.internal.telemetry.AttemptLease;
import dev.llmux.core.internal.telemetry.RequestScope;
import dev.llmux.core.internal.telemetry.RouterTelemetry;
import dev.llmux.core.spi.RoutingStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place a request is served: resolve the model group, pick a healthy deployment, attempt,
 * classify a failure, retry (preferring another deployment), fall back to other model groups, and
 * keep cooldowns up to date. Retries happen only here; providers never retry.
 */
public final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  /** One attempt against one deployment. */
  @FunctionalInterface
  public interface Attempter<T> {
    T attempt(Provider provider, Deployment deployment, CallOptions options);
  }

  /** A served request: the value, where it came from, and every attempt made. */
  public record Outcome<T>(T value, String modelGroup, Deployment deployment, List<Attempt> attempts) {}

  private final Supplier<ModelCatalog> catalog;
  private final RouterSettings settings;
  private final Cooldowns cooldowns;
  private final RoutingStrategy strategy;
  private final Clock clock;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final CandidateSelector selector;
  private final RouterTelemetry telemetry;

  public Pipeline(Supplier<ModelCatalog> catalog, RouterSettings settings, Cooldowns cooldowns,
      RoutingStrategy strategy, Clock clock, Ticker ticker, Sleeper sleeper, RandomGenerator random,
      CandidateSelector selector, RouterTelemetry telemetry) {
    this.catalog = catalog;
    this.settings = settings;
    this.cooldowns = cooldowns;
    this.strategy = strategy;
    this.clock = clock;
    this.ticker = ticker;
    this.sleeper = sleeper;
    this.random = random;
    this.selector = selector;
    this.telemetry = telemetry;
  }

  /**
   * Serves one request. On success the serving attempt stays open in {@code scope.served} (in-flight,
   * reservation) until the router settles it with {@link RouterTelemetry#settled}.
   */
  public <T> Outcome<T> run(String requestedModel, ChatCompletionRequest chatRequest, RequestContext ctx,
      String requestId, Attempter<T> attempter, RequestScope scope) {
    ModelCatalog cat = catalog.get();
    ModelCatalog.Group group = cat.resolve(requestedModel);
    List<Attempt> attempts = new ArrayList<>();
    boolean fallbacksOn = settings.fallbackEnabled() && !Boolean.FALSE.equals(ctx.fallbacksEnabled());
    Set<String> visited = new HashSet<>();
    visited.add(group.name());
    Deque<String> queue = new ArrayDeque<>();
    int fallbacksUsed = 0;
    while (true) {
      try {
        return tryGroup(cat, group, chatRequest, ctx, requestId, attempter, attempts, scope);
      } catch (LlmException e) {
        if (!fallbacksOn) {
          throw e;
        }
        queue.addAll(fallbacksFor(group.name(), requestedModel, e));
        ModelCatalog.Group next = null;
        while (next == null && !queue.isEmpty() && fallbacksUsed < settings.maxFallbacks()) {
          String name = queue.poll();
          if (!visited.add(name)) {
            continue;
          }
          try {
            next = cat.resolve(name);
            fallbacksUsed++;
          } catch (NotFoundException nf) {
            log.warn("fallback model group '{}' of '{}' is not configured; skipped", name, group.name());
          }
        }
        if (next == null) {
          throw e;
        }
        log.debug("request {}: model group {} failed ({}); falling back to {}",
            requestId, group.name(), e.getClass().getSimpleName(), next.name());
        telemetry.fellBack(scope, group.name(), next.name(), e);
        group = next;
      }
    }
  }

  private <T> Outcome<T> tryGroup(ModelCatalog cat, ModelCatalog.Group group,
      ChatCompletionRequest chatRequest, RequestContext ctx, String requestId,
      Attempter<T> attempter, List<Attempt> attempts, RequestScope scope) {
    Set<String> tried = new HashSet<>();
    int retriesUsed = 0;
    LlmException last = null;
    scope.group = group.name();
    RoutingStrategy.Selection selection = new RoutingStrategy.Selection(group.name(), chatRequest, ctx, random,
        scope.stream, scope.tokens::forDeployment);
    List<Deployment> tagged = selector.tagged(group, scope);
    while (true) {
      List<Deployment> healthy = healthy(tagged);
      if (healthy.isEmpty()) {
        if (last != null) {
          throw last;
        }
        throw noHealthy(group);
      }
      healthy = selector.eligible(group, healthy, scope);
      List<Deployment> fresh = new ArrayList<>(healthy.size());
      for (Deployment d : healthy) {
        if (!tried.contains(d.id())) {
          fresh.add(d);
        }
      }
      if (last != null && fresh.isEmpty()) {
        Duration wait = waitBeforeRetry(last, retriesUsed);
        if (wait == null) {
          throw last;
        }
        sleep(wait, last);
      }
      List<Deployment> pool = fresh.isEmpty() ? healthy : fresh;
      CandidateSelector.AttemptReservation reservation = new CandidateSelector.AttemptReservation();
      Deployment d = strategy.pick(pool, selection);
      while (!selector.acquire(d, scope, reservation)) {
        // lost the last rpm/tpm slot of this minute to a concurrent request: pick among the others
        pool = without(pool, d);
        if (pool.isEmpty()) {
          throw selector.allAtLimit(group, reservation.retryAfter);
        }
        d = strategy.pick(pool, selection);
      }
      tried.add(d.id());
      Provider provider = cat.provider(d.provider());
      CallOptions options = options(d, ctx, requestId);
      strategy.onAttemptStart(d);
      AttemptLease lease = telemetry.attemptStarted(scope, group.name(), d, attempts.size() + 1, reservation);
      long t0 = ticker.read();
      boolean done = false;
      try {
        T value = attempter.attempt(provider, d, options);
        long dt = ticker.read() - t0;
        telemetry.attemptResponded(lease, dt);
        done = true;
        strategy.onAttemptEnd(d, dt, true);
        cooldowns.recordSuccess(d.id());
        attempts.add(new Attempt(attempts.size() + 1, group.name(), d.id(), Duration.ofNanos(dt), null));
        return new Outcome<>(value, group.name(), d, attempts);
      } catch (RuntimeException ex) {
        LlmException e = asLlmException(ex, d);
        long dt = ticker.read() - t0;
        done = true;
        strategy.onAttemptEnd(d, dt, false);
        attempts.add(new Attempt(attempts.size() + 1, group.name(), d.id(), Duration.ofNanos(dt), e));
        Cooldowns.Cooldown cooled = cooldowns.recordFailure(d.id(), e, group.deployments().size());
        telemetry.attemptFailed(lease, e, dt, cooled);
        log.debug("request {}: attempt {} on {} failed: {}", requestId, attempts.size(), d.id(), e.toString());
        if (!e.isRetriable() || retriesUsed >= settings.retriesFor(ErrorClass.of(e), d.maxRetries())) {
          throw e;
        }
        retriesUsed++;
        telemetry.retried(scope, group.name());
        last = e;
      } finally {
        if (!done) {
          // an Error escaped the attempt: release the deployment
          telemetry.attemptFailed(lease, new UpstreamServerException("attempt aborted", null, null), 0, null);
        }
      }
    }
  }

  private static List<Deployment> without(List<Deployment> list, Deployment d) {
    List<Deployment> out = new ArrayList<>(list);
    out.remove(d);
    return out;
  }

  /** Deployments not cooling down. */
  private List<Deployment> healthy(List<Deployment> deployments) {
    List<Deployment> out = new ArrayList<>(deployments.size());
    for (Deployment d : deployments) {
      if (cooldowns.active(d.id()) == null) {
        out.add(d);
      }
    }
    return out;
  }

  private NoHealthyDeploymentException noHealthy(ModelCatalog.Group group) {
    Instant first = null;
    for (Deployment d : group.deployments()) {
      Cooldowns.Cooldown c = cooldowns.active(d.id());
      if (c != null && (first == null || c.until().isBefore(first))) {
        first = c.until();
      }
    }
    Duration wait = first == null ? null : Duration.between(clock.instant(), first);
    return new NoHealthyDeploymentException(group.name(),
        "all " + group.deployments().size() + " deployment(s) are cooling down", first, wait);
  }

  /** The wait before retrying the same deployment(s); {@code null} means give up. */
  private Duration waitBeforeRetry(LlmException e, int retryNumber) {
    Duration retryAfter = e.retryAfter();
    if (retryAfter != null) {
      return retryAfter.compareTo(settings.retryAfterMax()) <= 0 ? retryAfter : null;
    }
    long initial = settings.backoffInitial().toNanos();
    long max = settings.backoffMax().toNanos();
    long base = initial;
    for (int i = 1; i < retryNumber && base < max; i++) {
      base *= 2;
    }
    base = Math.min(base, max);
    long half = base / 2;
    long jitter = half <= 0 ? 0 : (long) (random.nextDouble() * half);
    return Duration.ofNanos(half + jitter);
  }

  private void sleep(Duration wait, LlmException last) {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw last;
    }
  }

  private List<String> fallbacksFor(String groupName, String requestedModel, LlmException e) {
    switch (ErrorClass.of(e)) {
      case BAD_REQUEST:
        return List.of();
      case CONTEXT_WINDOW: {
        List<String> l = lookup(settings.contextWindowFallbacks(), groupName, requestedModel);
        return l != null ? l : generic(groupName, requestedModel);
      }
      case CONTENT_POLICY: {
        List<String> l = lookup(settings.contentPolicyFallbacks(), groupName, requestedModel);
        return l != null ? l : generic(groupName, requestedModel);
      }
      default:
        return generic(groupName, requestedModel);
    }
  }

  private List<String> generic(String groupName, String requestedModel) {
    List<String> l = lookup(settings.fallbacks(), groupName, requestedModel);
    if (l == null) {
      l = settings.fallbacks().get("*");
    }
    return l == null ? List.of() : l;
  }

  private static List<String> lookup(java.util.Map<String, List<String>> map, String group, String requested) {
    List<String> l = map.get(group);
    return l != null ? l : map.get(requested);
  }

  private CallOptions options(Deployment d, RequestContext ctx, String requestId) {
    Duration timeout = ctx.timeout() != null ? ctx.timeout()
        : d.timeout() != null ? d.timeout() : settings.timeout();
    Duration connect = d.connectTimeout() != null ? d.connectTimeout() : settings.connectTimeout();
    Duration firstChunk = d.firstChunkTimeout() != null ? d.firstChunkTimeout() : settings.firstChunkTimeout();
    if (firstChunk.compareTo(timeout) > 0) {
      firstChunk = timeout;
    }
    return new CallOptions(connect, timeout, firstChunk, ctx.headers(), requestId);
  }

  private static LlmException asLlmException(RuntimeException ex, Deployment d) {
    if (ex instanceof LlmException le) {
      return le;
    }
    return new UpstreamServerException(
        "provider '" + d.provider() + "' failed unexpectedly: " + ex, null, ex);
  }
}
