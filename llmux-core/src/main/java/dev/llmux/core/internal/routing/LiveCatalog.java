package dev.llmux.core.internal.routing;

import dev.llmux.core.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The router's current {@link ModelCatalog}. Deployments added, replaced or removed at runtime make
 * a new catalog (the others keep their state); a call uses the catalog it started with.
 */
public final class LiveCatalog implements Supplier<ModelCatalog> {
  private volatile ModelCatalog current;

  public LiveCatalog(ModelCatalog initial) {
    this.current = initial;
  }

  @Override
  public ModelCatalog get() {
    return current;
  }

  /** The deployment with this id, if any. */
  public Optional<Deployment> find(String deploymentId) {
    for (Deployment d : current.deployments()) {
      if (d.id().equals(deploymentId)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Adds a deployment; its id must be new. */
  public synchronized void add(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    ModelCatalog cat = current;
    if (find(deployment.id()).isPresent()) {
      throw new IllegalArgumentException(
          "deployment '" + deployment.id() + "' exists; use updateDeployment");
    }
    List<Deployment> list = new ArrayList<>(cat.deployments());
    list.add(deployment);
    current = new ModelCatalog(cat.providers(), list, cat.aliases());
  }

  /** Replaces the deployment with the same id. */
  public synchronized void replace(Deployment deployment) {
    Objects.requireNonNull(deployment, "deployment");
    ModelCatalog cat = current;
    List<Deployment> list = new ArrayList<>(cat.deployments());
    boolean found = false;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id().equals(deployment.id())) {
        list.set(i, deployment);
        found = true;
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no deployment '" + deployment.id() + "'");
    }
    current = new ModelCatalog(cat.providers(), list, cat.aliases());
  }

  /** Removes the deployment with this id (which must exist). */
  public synchronized void remove(String deploymentId) {
    ModelCatalog cat = current;
    List<Deployment> list = new ArrayList<>(cat.deployments());
    list.removeIf(d -> d.id().equals(deploymentId));
    current = new ModelCatalog(cat.providers(), list, cat.aliases());
  }
}
