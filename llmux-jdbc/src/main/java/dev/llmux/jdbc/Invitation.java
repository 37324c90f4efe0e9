package dev.llmux.jdbc;

import java.time.Instant;

/**
 * An invitation that joins a user to a team and/or an organization with a role.
 *
 * @param id unique id {@code inv-<random>}
 * @param teamId the team to join, or {@code null}
 * @param organizationId the organization to join, or {@code null}
 * @param role the role: a {@link TeamRole} key for a team, an {@link OrgRole} key for an
 *     organization only
 * @param maxUses how many accepts are allowed
 * @param uses how many accepts happened
 * @param expiresAt when it stops working, or {@code null} for never
 * @param createdAt creation time
 * @param createdBy the actor id that created it
 */
public record Invitation(
    String id,
    String teamId,
    String organizationId,
    String role,
    int maxUses,
    int uses,
    Instant expiresAt,
    Instant createdAt,
    String createdBy) {}
