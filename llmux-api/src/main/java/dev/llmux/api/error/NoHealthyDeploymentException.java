package dev.llmux.api.error;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every deployment of the model group is cooling down or otherwise excluded. HTTP 503, code {@code
 * no_healthy_deployment}. {@link #retryAfter()} says when the first deployment comes back ({@code
 * null} when none is cooling down, for example when all were filtered out by tags). Not retried by
 * the router; created without a stack trace.
 */
public class NoHealthyDeploymentException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** Serialized with the exception. */
  private final String modelGroup;

  /** Serialized with the exception. */
  private final @Nullable Instant firstAvailableAt;

  /** Serialized with the exception. */
  private final @Nullable Duration retryAfter;

  /** {@code retryAfter} is set whenever {@code firstAvailableAt} is. */
  public NoHealthyDeploymentException(
      String modelGroup,
      String reason,
      @Nullable Instant firstAvailableAt,
      @Nullable Duration retryAfter) {
    super(
        "No healthy deployment for model group '"
            + modelGroup
            + "': "
            + reason
            + (firstAvailableAt == null
                ? ""
                : "; the first comes back at "
                    + firstAvailableAt
                    + " (in "
                    + Objects.requireNonNull(retryAfter).toMillis()
                    + " ms)"),
        "api_error",
        503,
        "no_healthy_deployment",
        null,
        null,
        null,
        false);
    this.modelGroup = modelGroup;
    this.firstAvailableAt = firstAvailableAt;
    this.retryAfter = retryAfter;
  }

  /** The model group that had no healthy deployment. */
  public String modelGroup() {
    return modelGroup;
  }

  /** When the first cooling-down deployment comes back, or {@code null}. */
  public @Nullable Instant firstAvailableAt() {
    return firstAvailableAt;
  }

  @Override
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
