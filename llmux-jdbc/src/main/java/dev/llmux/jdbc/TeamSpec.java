package dev.llmux.jdbc;

import java.util.List;
import java.util.Map;

/**
 * What to set on a team ({@code null} = unchanged / default; see {@link KeySpec}).
 *
 * @param alias display name
 * @param organizationId the organization (must exist)
 * @param models allowed model groups
 * @param limits budget and limits
 * @param metadata metadata
 * @param tags tags
 * @param blocked blocked state
 */
public record TeamSpec(
    String alias,
    String organizationId,
    List<String> models,
    Limits limits,
    Map<String, Object> metadata,
    List<String> tags,
    Boolean blocked) {
  /** Nothing set. */
  public static final TeamSpec EMPTY = new TeamSpec(null, null, null, null, null, null, null);
}
