package dev.llmux.jdbc;

import java.util.List;
import java.util.Map;

/**
 * What to set on a user ({@code null} = unchanged / default; see {@link KeySpec}).
 *
 * @param email unique email
 * @param alias display name
 * @param role proxy role (default {@link UserRole#INTERNAL_USER})
 * @param models allowed model groups
 * @param limits budget and limits
 * @param metadata metadata
 */
public record UserSpec(
    String email,
    String alias,
    UserRole role,
    List<String> models,
    Limits limits,
    Map<String, Object> metadata) {
  /** Nothing set. */
  public static final UserSpec EMPTY = new UserSpec(null, null, null, null, null, null);
}
