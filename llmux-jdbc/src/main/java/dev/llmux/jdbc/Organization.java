package dev.llmux.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An organization: the top of the hierarchy (organization, team, key).
 *
 * @param id unique id
 * @param alias display name (unique, case-insensitive), or {@code null}
 * @param models allowed model groups ({@code *}-suffix wildcards); empty = every model
 * @param limits budget and rate limits of the whole organization
 * @param budgetId a shared {@link BudgetDef} whose limits apply when {@code limits} has none, or
 *     {@code null}
 * @param metadata free-form metadata
 * @param blocked whether every key of every team of the organization is refused
 * @param createdAt creation time
 * @param updatedAt last change
 * @param createdBy the actor id that created it
 */
public record Organization(
    String id,
    String alias,
    List<String> models,
    Limits limits,
    String budgetId,
    Map<String, Object> metadata,
    boolean blocked,
    Instant createdAt,
    Instant updatedAt,
    String createdBy) {
  public Organization {
    models = Copies.list(models);
    limits = Copies.limits(limits);
    metadata = Copies.map(metadata);
  }
}
