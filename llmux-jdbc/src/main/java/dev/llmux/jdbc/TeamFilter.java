package dev.llmux.jdbc;

/**
 * Which teams to list (see {@link KeyFilter} for paging).
 *
 * @param organizationId only teams of this organization
 * @param userId only teams this user is a member of
 * @param search case-insensitive substring of id or alias
 * @param page page number
 * @param size page size
 */
public record TeamFilter(String organizationId, String userId, String search, int page, int size) {
  /** Every team, first page of 50. */
  public static TeamFilter all() {
    return new TeamFilter(null, null, null, 1, 50);
  }
}
