package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import dev.llmux.core.DeploymentState;
import dev.llmux.core.RouterControl;
import dev.llmux.core.governance.DeploymentCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@link RouterControl} of one router: its live catalog, routing state and cooldowns. */
public final class DeploymentControl implements RouterControl {
  private final LiveCatalog catalog;
  private final RouterRouting routing;
  private final DeploymentCounters counters;

  public DeploymentControl(
      LiveCatalog catalog, RouterRouting routing, DeploymentCounters counters) {
    this.catalog = catalog;
    this.routing = routing;
    this.counters = counters;
  }

  @Override
  public void coolDown(String deploymentId, Duration duration, @Nullable String reason) {
    require(deploymentId);
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    routing.cooldowns.coolDown(
        deploymentId, duration, reason == null ? "cooled down by hand" : reason);
    routing.telemetry.cooledDownByHand(deploymentId);
  }

  @Override
  public void restore(String deploymentId) {
    require(deploymentId);
    routing.cooldowns.restore(deploymentId);
  }

  @Override
  public void addDeployment(Deployment deployment) {
    catalog.add(deployment);
  }

  @Override
  public void updateDeployment(Deployment deployment) {
    catalog.replace(deployment);
  }

  @Override
  public void removeDeployment(String deploymentId) {
    synchronized (catalog) { // as add and replace: one change at a time
      require(deploymentId);
      catalog.remove(deploymentId);
      routing.forget(deploymentId);
    }
  }

  @Override
  public List<DeploymentState> deploymentStates() {
    List<DeploymentState> out = new ArrayList<>();
    for (Deployment d : catalog.get().deployments()) {
      out.add(routing.state(d));
    }
    return out;
  }

  @Override
  public Optional<DeploymentState> deploymentState(String deploymentId) {
    return catalog.find(deploymentId).map(routing::state);
  }

  @Override
  public DeploymentCounters deploymentCounters() {
    return counters;
  }

  private void require(String deploymentId) {
    if (catalog.find(Objects.requireNonNull(deploymentId, "deploymentId")).isEmpty()) {
      throw new IllegalArgumentException("no deployment '" + deploymentId + "'");
    }
  }
}
