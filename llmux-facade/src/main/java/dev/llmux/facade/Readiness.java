package dev.llmux.facade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /health/ready} reports: the router (built, not stopping) and each dependency the
 * configuration uses (the database, Redis), each checked live on every probe. A dependency that is
 * down makes the instance not ready (503) when it is required, and only degraded (200) when it is
 * not; see {@code docs/facade.md} (Health). Thread-safe once the dependencies are added (before the
 * server starts).
 */
final class Readiness {
  /**
   * A dependency's live check: returns normally when it answers, throws (its message is the reason)
   * when not. It must be bounded in time (Redis: the call timeout; the database: the pool's
   * connection timeout).
   */
  @FunctionalInterface
  interface Probe {
    void check() throws Exception;
  }

  /**
   * One dependency.
   *
   * @param required whether the instance cannot serve while it is down (503), or only serves less
   *     (degraded, 200)
   * @param impact what an outage means, said in the report
   */
  record Dependency(String name, boolean required, String impact, Probe probe) {}

  /** One dependency's state in a report. */
  record State(String name, boolean up, boolean required, String impact, String error) {}

  /**
   * A report: {@code status} is {@code ready}, {@code degraded} (an optional dependency is down) or
   * {@code not_ready} ({@code reason} says why).
   */
  record Report(String status, String reason, List<State> checks) {
    boolean ready() {
      return !"not_ready".equals(status);
    }

    /** The JSON body: status, reason (when not ready) and one entry per check. */
    Map<String, Object> json() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", status);
      if (reason != null) {
        out.put("reason", reason);
      }
      Map<String, Object> checks = new LinkedHashMap<>();
      for (State s : this.checks) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("status", s.up() ? "up" : "down");
        c.put("required", s.required());
        if (!s.up()) {
          c.put("impact", s.impact());
          c.put("error", s.error());
        }
        checks.put(s.name(), c);
      }
      out.put("checks", checks);
      return out;
    }
  }

  private final RouterHolder router;
  private final List<Dependency> dependencies = new ArrayList<>();

  Readiness(RouterHolder router) {
    this.router = router;
  }

  void add(Dependency d) {
    dependencies.add(Objects.requireNonNull(d, "dependency"));
  }

  /** Checks the router and every dependency now. */
  Report check() {
    List<State> states = new ArrayList<>();
    String routerReason = router.notReadyReason();
    states.add(new State("router", routerReason == null, true, "nothing is served", routerReason));
    String reason = routerReason;
    boolean degraded = false;
    for (Dependency d : dependencies) {
      String error = null;
      try {
        d.probe().check();
      } catch (Exception e) {
        error = e.getMessage() == null ? e.toString() : e.getMessage();
      }
      states.add(new State(d.name(), error == null, d.required(), d.impact(), error));
      if (error != null) {
        if (d.required() && reason == null) {
          reason = d.name() + " is down: " + error;
        } else if (!d.required()) {
          degraded = true;
        }
      }
    }
    String status = reason != null ? "not_ready" : degraded ? "degraded" : "ready";
    return new Report(status, reason, List.copyOf(states));
  }
}
