package dev.llmux.core;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one deployment's routing state, from {@link RouterControl#deploymentStates()}.
 *
 * @param deploymentId the deployment's id
 * @param modelGroup its model group
 * @param provider its provider instance name
 * @param model its upstream model
 * @param healthy whether it is taking traffic (not cooling down)
 * @param cooldownUntil when its cooldown ends, or {@code null}
 * @param cooldownReason why it is cooling down, or {@code null}
 * @param latencyPerOutputToken median of the recent seconds per output token of plain calls (the
 *     figure {@code lowest-latency} compares), or {@code null} (no data)
 * @param timeToFirstToken median of the recent times to first token of streams, or {@code null} (no
 *     data)
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
    @Nullable String model,
    boolean healthy,
    @Nullable Instant cooldownUntil,
    @Nullable String cooldownReason,
    @Nullable Double latencyPerOutputToken,
    @Nullable Duration timeToFirstToken,
    long rpmUsed,
    long tpmUsed,
    @Nullable Integer rpmLimit,
    @Nullable Integer tpmLimit,
    long inFlight) {}
