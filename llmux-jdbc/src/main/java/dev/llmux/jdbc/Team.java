package dev.llmux.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A team: owns keys, has members, optionally belongs to an organization.
 *
 * @param id unique id
 * @param alias display name (unique, case-insensitive), or {@code null}
 * @param organizationId the organization, or {@code null}
 * @param models allowed model groups; empty = every model (the organization's list still applies)
 * @param limits the team's budget and rate limits (shared by all its keys)
 * @param metadata free-form metadata
 * @param tags tags recorded with the team's calls
 * @param blocked whether every key of the team is refused
 * @param createdAt creation time
 * @param updatedAt last change
 * @param createdBy the actor id that created it
 */
public record Team(
    String id,
    String alias,
    String organizationId,
    List<String> models,
    Limits limits,
    Map<String, Object> metadata,
    List<String> tags,
    boolean blocked,
    Instant createdAt,
    Instant updatedAt,
    String createdBy) {
  public Team {
    models = Copies.list(models);
    limits = Copies.limits(limits);
    metadata = Copies.map(metadata);
    tags = Copies.list(tags);
  }
}
