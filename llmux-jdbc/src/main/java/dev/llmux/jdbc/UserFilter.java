package dev.llmux.jdbc;

/**
 * Which users to list (see {@link KeyFilter} for paging).
 *
 * @param role only users with this role
 * @param search case-insensitive substring of id, email or alias
 * @param page page number
 * @param size page size
 */
public record UserFilter(UserRole role, String search, int page, int size) {
  /** Every user, first page of 50. */
  public static UserFilter all() {
    return new UserFilter(null, null, 1, 50);
  }
}
