package dev.llmux.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to set on a key. Every field is nullable: {@code null} leaves the field as it is on update
 * and means the default on create. {@code models}: an empty list means every model; {@code
 * metadata} replaces the whole map.
 *
 * @param alias display name
 * @param userId owner user (must exist)
 * @param teamId owner team (must exist; the key's organization is the team's)
 * @param models allowed model groups
 * @param aliases model aliases
 * @param limits budget and limits; its null fields are unchanged
 * @param metadata metadata
 * @param tags tags
 * @param duration time to live from now; {@code null} = never expires on create, unchanged on
 *     update
 * @param blocked blocked state
 */
public record KeySpec(
    String alias,
    String userId,
    String teamId,
    List<String> models,
    Map<String, String> aliases,
    Limits limits,
    Map<String, Object> metadata,
    List<String> tags,
    Duration duration,
    Boolean blocked) {

  /** Nothing set. */
  public static final KeySpec EMPTY =
      new KeySpec(null, null, null, null, null, null, null, null, null, null);
}
