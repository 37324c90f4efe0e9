package dev.llmux.facade.admin;

import dev.llmux.core.DeploymentState;
import dev.llmux.core.LlmRouter;
import java.time.Duration;
import java.util.Map;

/**
 * {@code /control/deployments} (GET: every deployment's routing state; POST: cool one down or
 * restore it) and {@code /control/config/reload}. Proxy admins (viewers read).
 */
final class ControlEndpoints {
  private final ManagementApi api;

  ControlEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.getAndPost("/control/deployments", this::deployments);
    r.post("/control/config/reload", this::reload);
  }

  private LlmRouter router() {
    LlmRouter router = api.router.get();
    if (router == null) {
      throw new Failure(503, "api_error", "The router is not running", null, "not_ready");
    }
    return router;
  }

  private Object deployments(Req r) {
    if (!r.method.equals("POST")) {
      r.allow();
      api.auth.proxyRead(r.caller, "deployment states");
      Map<String, Object> m = Views.obj();
      m.put(
          "deployments", Views.map(router().control().deploymentStates(), ControlEndpoints::state));
      return m;
    }
    r.allow("deployment_id", "action", "duration", "reason");
    api.auth.proxyWrite(r.caller, "cool down or restore deployments");
    String id = r.requiredStr("deployment_id");
    String action = r.requiredStr("action");
    LlmRouter router = router();
    if (router.control().deploymentState(id).isEmpty()) {
      throw Failure.notFound("Deployment '" + id + "' not found");
    }
    switch (action) {
      case "cool_down":
        Duration d = r.duration("duration");
        if (d == null) {
          throw Failure.badRequest(
              "'duration' is required to cool a deployment down (e.g. 60s, 5m)", "duration");
        }
        router
            .control()
            .coolDown(
                id,
                d,
                r.str("reason") == null ? "cooled down by " + r.caller.actorId() : r.str("reason"));
        break;
      case "restore":
        router.control().restore(id);
        break;
      default:
        throw Failure.badRequest(
            "'action' must be cool_down or restore, got '" + action + "'", "action");
    }
    return state(router.control().deploymentState(id).orElseThrow());
  }

  private Object reload(Req r) {
    r.allow();
    api.auth.proxyWrite(r.caller, "reload the configuration");
    if (api.reloader == null) {
      throw Failure.badRequest(
          "This server was not started from a configuration file, so it cannot reload one", null);
    }
    return api.reloader.reload();
  }

  static Map<String, Object> state(DeploymentState s) {
    Map<String, Object> m = Views.obj();
    m.put("deployment_id", s.deploymentId());
    m.put("model_group", s.modelGroup());
    m.put("provider", s.provider());
    m.put("model", s.model());
    m.put("healthy", s.healthy());
    m.put("cooldown_until", Views.time(s.cooldownUntil()));
    m.put("cooldown_reason", s.cooldownReason());
    m.put("latency_per_output_token", s.latencyPerOutputToken());
    m.put(
        "time_to_first_token_ms",
        s.timeToFirstToken() == null ? null : s.timeToFirstToken().toMillis());
    m.put("rpm_used", s.rpmUsed());
    m.put("tpm_used", s.tpmUsed());
    m.put("rpm_limit", s.rpmLimit());
    m.put("tpm_limit", s.tpmLimit());
    m.put("in_flight", s.inFlight());
    return m;
  }
}
