package dev.llmux.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one deployment's routing state, from {@link LlmRouter#deploymentStates()}.
 *
 * @param deploymentId the deployment's id
 * @param modelGroup its model group
 * @param provider its provider instance name
 * @param model its upstream model
 * @param healthy whether it is taking traffic (not cooling down)
 * @param cooldownUntil when its cooldown ends, or {@code null}
 * @param cooldownReason why it is cooling down, or {@code null}
 * @param latencyPerOutputToken mean recent seconds per output token of plain calls, or {@code null}
 *     (no data)
 * @param timeToFirstToken mean recent time to first token of streams, or {@code null} (no data)
 * @param rpmUsed requests started in the current minute
 * @param tpmUsed tokens accounted in the current minute
 * @param rpmLimit its rpm limit, or {@code null}
 * @param tpmLimit its tpm limit, or {@code null}
 * @param inFlight calls in flight now
 */
public record DeploymentState(
    String deploymentId,
    String modelGroup,
    String provider,
    String model,
    boolean healthy,
    Instant cooldownUntil,
    String cooldownReason,
    Double latencyPerOutputToken,
    Duration timeToFirstToken,
    long rpmUsed,
    long tpmUsed,
    Integer rpmLimit,
    Integer tpmLimit,
    long inFlight) {}
