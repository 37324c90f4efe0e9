package dev.llmux.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored virtual API key (never its plaintext nor its hash).
 *
 * @param id stable id {@code key-<random>} (LiteLLM's {@code token} field)
 * @param keyName display form: the first 8 characters, {@code ...}, the last 4 ({@code
 *     sk-llmux...Ab3d})
 * @param alias display name (unique, case-insensitive), or {@code null}
 * @param userId owner user, or {@code null}
 * @param teamId owner team, or {@code null}
 * @param organizationId the team's organization, or {@code null}
 * @param models allowed model groups; empty = every model (team and organization lists still apply)
 * @param aliases model aliases for this key: requested name to model group
 * @param limits the key's budget and rate limits
 * @param metadata free-form metadata
 * @param tags tags recorded with the key's calls
 * @param expiresAt when the key stops working, or {@code null} for never
 * @param blocked whether the key is refused
 * @param createdAt creation time
 * @param updatedAt last change
 * @param createdBy the actor id that created it
 * @param previousKeyValidUntil after a regenerate with a grace period: until when the previous
 *     plaintext still works, else {@code null}
 */
public record ApiKey(
    String id,
    String keyName,
    String alias,
    String userId,
    String teamId,
    String organizationId,
    List<String> models,
    Map<String, String> aliases,
    Limits limits,
    Map<String, Object> metadata,
    List<String> tags,
    Instant expiresAt,
    boolean blocked,
    Instant createdAt,
    Instant updatedAt,
    String createdBy,
    Instant previousKeyValidUntil) {
  public ApiKey {
    models = Copies.list(models);
    aliases = Copies.map(aliases);
    limits = Copies.limits(limits);
    metadata = Copies.map(metadata);
    tags = Copies.list(tags);
  }
}
