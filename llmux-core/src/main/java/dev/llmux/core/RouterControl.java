package dev.llmux.core;

import dev.llmux.core.governance.DeploymentCounters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The runtime controls and introspection of one router ({@link LlmRouter#control()}), apart from
 * the calls it serves: take deployments out of rotation and back, add, replace and remove
 * deployments without a restart, read every deployment's routing state. Thread-safe; changes apply
 * to calls that start afterwards (calls in flight finish as they began).
 */
public interface RouterControl {

  /**
   * Takes a deployment out of rotation for {@code duration}, as a cooldown rule would (the cooldown
   * store shares it with other instances when it is shared).
   *
   * @param reason shown in {@link DeploymentState#cooldownReason()}; {@code null} for "cooled down
   *     by hand"
   * @throws NullPointerException when {@code deploymentId} is null
   * @throws IllegalArgumentException when no deployment has that id, or {@code duration} is not
   *     positive
   */
  void coolDown(String deploymentId, Duration duration, @Nullable String reason);

  /**
   * Ends a deployment's cooldown and clears its failure window.
   *
   * @throws IllegalArgumentException when no deployment has that id
   */
  void restore(String deploymentId);

  /**
   * Adds a deployment; the others keep their state.
   *
   * @throws IllegalArgumentException when a deployment with the same id exists
   */
  void addDeployment(Deployment deployment);

  /**
   * Replaces the deployment with the same id; its state (cooldown, latency, usage) is kept.
   *
   * @throws IllegalArgumentException when no deployment has that id
   */
  void updateDeployment(Deployment deployment);

  /**
   * Removes a deployment and forgets its state; calls in flight on it finish.
   *
   * @throws IllegalArgumentException when no deployment has that id
   */
  void removeDeployment(String deploymentId);

  /**
   * Every deployment's routing state now: health, cooldown, latency, usage this minute, in-flight.
   */
  List<DeploymentState> deploymentStates();

  /** One deployment's routing state now, or empty when no deployment has that id. */
  Optional<DeploymentState> deploymentState(String deploymentId);

  /**
   * Per-deployment request and token counters (one-minute sliding windows) that strategies and the
   * pre-call checks read, on the same {@code CounterStore} as the rate limits (in memory unless
   * {@link LlmRouter.Builder#governance governance} gives another).
   */
  DeploymentCounters deploymentCounters();
}
