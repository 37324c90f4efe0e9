package dev.llmux.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A user of the proxy.
 *
 * @param id unique id
 * @param email unique (case-insensitive) email, or {@code null}
 * @param alias display name, or {@code null}
 * @param role the proxy-wide role
 * @param models allowed model groups for the user's own keys; empty = every model
 * @param limits the user's budget and rate limits (across all the user's keys)
 * @param metadata free-form metadata
 * @param createdAt creation time
 * @param updatedAt last change
 * @param createdBy the actor id that created it
 */
public record User(
    String id,
    String email,
    String alias,
    UserRole role,
    List<String> models,
    Limits limits,
    Map<String, Object> metadata,
    Instant createdAt,
    Instant updatedAt,
    String createdBy) {
  public User {
    models = Copies.list(models);
    limits = Copies.limits(limits);
    metadata = Copies.map(metadata);
  }
}
