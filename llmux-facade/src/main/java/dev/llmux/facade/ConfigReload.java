package dev.llmux.facade;

import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.facade.admin.ManagementApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /control/config/reload}: re-reads the configuration file and applies the deployment
 * changes to the running router ({@link LlmRouter#addDeployment}, {@link
 * LlmRouter#updateDeployment}, {@link LlmRouter#removeDeployment}). Everything else (providers,
 * aliases, routing, cache, budgets and limits, {@code server}, {@code database}, {@code redis},
 * {@code auth}, {@code deployment}, {@code metrics}, {@code tracing}) needs a restart: the answer
 * lists it under {@code restart_required} and nothing of it is applied. A deployment on a provider
 * the running router does not have is not applied either (listed too). A file that does not load
 * changes nothing (400).
 */
final class ConfigReload implements ManagementApi.ConfigReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

  private final Path file;
  private final Supplier<LlmRouter> router;
  private final Map<String, String> env;
  private FacadeConfig current;

  ConfigReload(Path file, FacadeConfig current, Supplier<LlmRouter> router) {
    this(file, current, router, System.getenv());
  }

  /** Reads the file with {@code env} (the environment it was launched with). */
  ConfigReload(
      Path file, FacadeConfig current, Supplier<LlmRouter> router, Map<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
    this.file = Objects.requireNonNull(file, "file");
    this.current = Objects.requireNonNull(current, "current");
    this.router = Objects.requireNonNull(router, "router");
  }

  @Override
  public synchronized Map<String, Object> reload() {
    FacadeConfig next;
    try {
      next = FacadeConfig.load(file, env);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "The configuration did not load, nothing changed: " + e.getMessage(), e);
    }
    LlmRouter r = router.get();
    if (r == null) {
      throw new IllegalStateException("the router is not running");
    }
    RouterConfig a = current.router();
    RouterConfig b = next.router();
    List<String> restart = new ArrayList<>();
    if (!a.providers().equals(b.providers())) {
      restart.add("providers");
    }
    if (!a.aliases().equals(b.aliases())) {
      restart.add("aliases");
    }
    if (!a.routing().equals(b.routing())
        || !a.retry().equals(b.retry())
        || !a.fallback().equals(b.fallback())
        || !a.cooldown().equals(b.cooldown())
        || !a.timeouts().equals(b.timeouts())) {
      restart.add("routing");
    }
    if (!a.cache().equals(b.cache())) {
      restart.add("cache");
    }
    if (!a.governance().equals(b.governance())) {
      restart.add("budgets/limits/governance");
    }
    if (!current.server().equals(next.server())) {
      restart.add("server");
    }
    if (!Objects.equals(current.database(), next.database())) {
      restart.add("database");
    }
    if (!Objects.equals(current.redis(), next.redis())) {
      restart.add("redis");
    }
    if (!current.auth().equals(next.auth())) {
      restart.add("auth");
    }
    if (a.deploymentMode() != b.deploymentMode()) {
      restart.add("deployment");
    }
    if (!a.metrics().equals(b.metrics())) {
      restart.add("metrics");
    }
    if (!a.tracing().equals(b.tracing())) {
      restart.add("tracing");
    }
    if (!current.logging().equals(next.logging())) {
      restart.add("logging");
    }
    Set<String> runningProviders = new HashSet<>();
    for (ProviderConfig p : a.providers()) {
      runningProviders.add(p.name());
    }
    for (Deployment d : r.deployments()) {
      runningProviders.add(d.provider());
    }
    Map<String, DeploymentConfig> before = byId(a.deployments());
    Map<String, DeploymentConfig> after = byId(b.deployments());
    List<String> added = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<DeploymentConfig> toAdd = new ArrayList<>();
    List<DeploymentConfig> toUpdate = new ArrayList<>();
    for (DeploymentConfig d : after.values()) {
      DeploymentConfig old = before.get(d.id());
      if (old != null && old.equals(d)) {
        continue;
      }
      if (!runningProviders.contains(d.provider())) {
        restart.add("deployment '" + d.id() + "' (provider '" + d.provider() + "' is new)");
        continue;
      }
      (old == null ? toAdd : toUpdate).add(d);
    }
    for (String id : before.keySet()) {
      if (!after.containsKey(id)) {
        removed.add(id);
      }
    }
    for (DeploymentConfig d : toAdd) {
      r.control().addDeployment(deployment(d));
      added.add(d.id());
    }
    for (DeploymentConfig d : toUpdate) {
      r.control().updateDeployment(deployment(d));
      updated.add(d.id());
    }
    for (String id : removed) {
      r.control().removeDeployment(id);
    }
    // what was applied is now current; what needs a restart stays as it runs
    current =
        new FacadeConfig(
            a.toBuilder().deployments(b.deployments()).build(),
            current.server(),
            current.database(),
            current.redis(),
            current.auth(),
            current.logging());
    log.info(
        "configuration reloaded from {}: added {}, updated {}, removed {}, needs a restart: {}",
        file,
        added,
        updated,
        removed,
        restart);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("added", added);
    m.put("updated", updated);
    m.put("removed", removed);
    m.put("restart_required", restart);
    return m;
  }

  private static Map<String, DeploymentConfig> byId(List<DeploymentConfig> list) {
    Map<String, DeploymentConfig> m = new LinkedHashMap<>();
    for (DeploymentConfig d : list) {
      m.put(d.id(), d);
    }
    return m;
  }

  /** As {@code LlmRouter.Builder.config} builds a deployment. */
  static Deployment deployment(DeploymentConfig d) {
    return Deployment.builder(d.modelGroup(), d.provider())
        .id(d.id())
        .model(d.model())
        .weight(d.weight())
        .rpm(d.rpm())
        .tpm(d.tpm())
        .order(d.order())
        .tags(d.tags())
        .timeout(d.timeout())
        .connectTimeout(d.connectTimeout())
        .firstChunkTimeout(d.firstChunkTimeout())
        .maxInputTokens(d.maxInputTokens())
        .maxOutputTokens(d.maxOutputTokens())
        .inputCostPerToken(d.inputCostPerToken())
        .outputCostPerToken(d.outputCostPerToken())
        .maxRetries(d.maxRetries())
        .build();
  }
}
