package dev.llmux.jdbc;

import java.util.List;
import java.util.Map;

/**
 * What to set on an organization ({@code null} = unchanged / default; see {@link KeySpec}).
 *
 * @param alias display name
 * @param models allowed model groups
 * @param limits budget and limits
 * @param budgetId a shared budget (must exist)
 * @param metadata metadata
 * @param blocked blocked state
 */
public record OrgSpec(
    String alias,
    List<String> models,
    Limits limits,
    String budgetId,
    Map<String, Object> metadata,
    Boolean blocked) {
  /** Nothing set. */
  public static final OrgSpec EMPTY = new OrgSpec(null, null, null, null, null, null);
}
