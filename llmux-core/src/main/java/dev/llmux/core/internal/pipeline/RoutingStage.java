package dev.llmux.core.internal.pipeline;

import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NoHealthyDeploymentException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Attempt;
import dev.llmux.core.Deployment;
import dev.llmux.core.Ticker;
import dev.llmux.core.internal.routing.CandidateSelector;
import dev.llmux.core.internal.routing.Cooldowns;
import dev.llmux.core.internal.routing.ErrorClass;
import dev.llmux.core.internal.routing.Fallbacks;
import dev.llmux.core.internal.routing.ModelCatalog;
import dev.llmux.core.internal.routing.RetryWait;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.internal.routing.Timeouts;
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
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 5: routing, the one place a call is attempted. Candidates are the group's deployments not
 * cooling down that pass the pre-call checks (tags, context window, their own rpm/tpm, priority
 * tier); the strategy picks, a retry preferring a deployment not tried yet. An attempt runs with
 * its {@link Timeouts}; a failure is classified ({@link ErrorClass}), cools the deployment down
 * when the rules say so, and is retried within its class's budget ({@link RetryWait} on the same
 * deployment) or ends the group, after which the group's {@link Fallbacks} are tried. Retries
 * happen only here; providers never retry. On success the serving attempt stays open (in-flight,
 * reservation) until {@link SettlementStage} settles it.
 */
final class RoutingStage implements Stage {
  private static final Logger log = LoggerFactory.getLogger(RoutingStage.class);

  private final RouterSettings settings;
  private final Cooldowns cooldowns;
  private final RoutingStrategy strategy;
  private final CandidateSelector selector;
  private final RouterTelemetry telemetry;
  private final Fallbacks fallbacks;
  private final RetryWait retryWait;
  private final Timeouts timeouts;
  private final Clock clock;
  private final Ticker ticker;
  private final RandomGenerator random;

  RoutingStage(
      RouterSettings settings,
      Cooldowns cooldowns,
      RoutingStrategy strategy,
      CandidateSelector selector,
      RouterTelemetry telemetry,
      RetryWait retryWait,
      Clock clock,
      Ticker ticker,
      RandomGenerator random) {
    this.settings = settings;
    this.cooldowns = cooldowns;
    this.strategy = strategy;
    this.selector = selector;
    this.telemetry = telemetry;
    this.fallbacks = new Fallbacks(settings);
    this.retryWait = retryWait;
    this.timeouts = new Timeouts(settings);
    this.clock = clock;
    this.ticker = ticker;
    this.random = random;
  }

  @Override
  public <Q, V, R> R intercept(Call<Q, V, R> call) {
    Operation<Q, V, R> op = call.op;
    call.scope =
        telemetry.begin(
            op.name,
            op.callOperation,
            op.stream,
            call.requestedModel,
            call.requestId(),
            call.context,
            call.chatShape(),
            op.requests.embedding(call.request()),
            call.tokens(),
            call.startNanos);
    try {
      route(call);
    } catch (RuntimeException e) {
      telemetry.failed(call.scope(), e);
      throw e;
    }
    return call.proceed();
  }

  /** Serves the call from its group, then from its fallback groups; fills in what served it. */
  private <Q, V, R> void route(Call<Q, V, R> call) {
    ModelCatalog.Group group = call.group();
    // group() resolved the requested model: the request names one
    String requestedModel = Objects.requireNonNull(call.requestedModel);
    call.attempts = new ArrayList<>(2);
    boolean fallbacksOn =
        settings.fallbackEnabled() && !Boolean.FALSE.equals(call.context.fallbacksEnabled());
    Set<String> visited = null;
    Deque<String> queue = null;
    int fallbacksUsed = 0;
    while (true) {
      try {
        tryGroup(call, group);
        return;
      } catch (LlmException e) {
        if (!fallbacksOn) {
          throw e;
        }
        if (visited == null) {
          visited = new HashSet<>();
          visited.add(call.group().name());
          queue = new ArrayDeque<>();
        }
        // visited and queue are created together
        Objects.requireNonNull(queue).addAll(fallbacks.after(group.name(), requestedModel, e));
        ModelCatalog.Group next = null;
        while (next == null && !queue.isEmpty() && fallbacksUsed < settings.maxFallbacks()) {
          String name = queue.poll();
          if (!visited.add(name)) {
            continue;
          }
          try {
            next = call.catalog.resolve(name);
            fallbacksUsed++;
          } catch (NotFoundException nf) {
            log.warn(
                "fallback model group '{}' of '{}' is not configured; skipped", name, group.name());
          }
        }
        if (next == null) {
          throw e;
        }
        log.debug(
            "request {}: model group {} failed ({}); falling back to {}",
            call.requestId(),
            group.name(),
            e.getClass().getSimpleName(),
            next.name());
        telemetry.fellBack(call.scope(), group.name(), next.name(), e);
        group = next;
      }
    }
  }

  private <Q, V, R> void tryGroup(Call<Q, V, R> call, ModelCatalog.Group group) {
    List<Attempt> attempts = call.attempts();
    RequestScope scope = call.scope();
    int firstAttempt =
        attempts.size(); // attempts from here on are this group's: the deployments tried
    int retriesUsed = 0;
    LlmException last = null;
    scope.group = group.name();
    RoutingStrategy.Selection selection =
        new RoutingStrategy.Selection(
            group.name(),
            call.chatShape(),
            call.context,
            random,
            call.op.stream,
            scope.tokens::forDeployment);
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
      List<Deployment> fresh = healthy;
      if (attempts.size() > firstAttempt) {
        fresh = new ArrayList<>(healthy.size());
        for (Deployment d : healthy) {
          if (!tried(attempts, firstAttempt, d)) {
            fresh.add(d);
          }
        }
      }
      if (last != null && fresh.isEmpty()) {
        Duration wait = retryWait.before(last, retriesUsed);
        if (wait == null) {
          throw last;
        }
        retryWait.sleep(wait, last);
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
      // the catalog checked that every deployment's provider is in it
      Provider provider = Objects.requireNonNull(call.catalog.provider(d.provider()));
      CallOptions options = timeouts.options(d, call.context, call.requestId());
      strategy.onAttemptStart(d);
      AttemptLease lease =
          telemetry.attemptStarted(scope, group.name(), d, attempts.size() + 1, reservation);
      long t0 = ticker.read();
      boolean done = false;
      try {
        V value = call.op.attempt(call, provider, d, options);
        long dt = ticker.read() - t0;
        telemetry.attemptResponded(lease, dt);
        done = true;
        strategy.onAttemptEnd(d, dt, true);
        cooldowns.recordSuccess(d.id());
        attempts.add(
            new Attempt(attempts.size() + 1, group.name(), d.id(), Duration.ofNanos(dt), null));
        call.value = value;
        call.servedGroup = group.name();
        call.deployment = d;
        return;
      } catch (RuntimeException ex) {
        LlmException e = asLlmException(ex, d);
        long dt = ticker.read() - t0;
        done = true;
        strategy.onAttemptEnd(d, dt, false);
        attempts.add(
            new Attempt(attempts.size() + 1, group.name(), d.id(), Duration.ofNanos(dt), e));
        Cooldowns.Cooldown cooled = cooldowns.recordFailure(d.id(), e, group.deployments().size());
        telemetry.attemptFailed(lease, e, dt, cooled);
        log.debug(
            "request {}: attempt {} on {} failed: {}",
            call.requestId(),
            attempts.size(),
            d.id(),
            e.toString());
        if (!e.isRetriable()
            || retriesUsed >= settings.retriesFor(ErrorClass.of(e), d.maxRetries())) {
          throw e;
        }
        retriesUsed++;
        telemetry.retried(scope, group.name());
        last = e;
      } finally {
        if (!done) {
          // an Error escaped the attempt: release the deployment
          telemetry.attemptFailed(
              lease, new UpstreamServerException("attempt aborted", null, null), 0, null);
        }
      }
    }
  }

  /** Whether {@code d} was attempted since attempt {@code from} (in this group). */
  private static boolean tried(List<Attempt> attempts, int from, Deployment d) {
    for (int i = from; i < attempts.size(); i++) {
      if (attempts.get(i).deploymentId().equals(d.id())) {
        return true;
      }
    }
    return false;
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
    return new NoHealthyDeploymentException(
        group.name(),
        "all " + group.deployments().size() + " deployment(s) are cooling down",
        first,
        wait);
  }

  private static LlmException asLlmException(RuntimeException ex, Deployment d) {
    if (ex instanceof LlmException le) {
      return le;
    }
    // the exception's class stays in the cause (and the logs), out of the caller's message
    return new UpstreamServerException(
        "provider '"
            + d.provider()
            + "' failed unexpectedly"
            + (ex.getMessage() == null ? "" : ": " + ex.getMessage()),
        null,
        ex);
  }
}
