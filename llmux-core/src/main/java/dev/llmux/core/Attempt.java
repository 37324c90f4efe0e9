package dev.llmux.core;

import dev.llmux.api.error.LlmException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One call to one deployment made while serving a request.
 *
 * @param number 1-based attempt number within the request
 * @param modelGroup the model group being served (differs from the requested one after a fallback)
 * @param deploymentId the deployment called
 * @param latency how long the attempt took (for a stream: until the first chunk, or the failure)
 * @param error the failure, or {@code null} for the attempt that succeeded
 */
public record Attempt(
    int number,
    String modelGroup,
    String deploymentId,
    Duration latency,
    @Nullable LlmException error) {
  /** Whether this attempt succeeded. */
  public boolean succeeded() {
    return error == null;
  }
}
