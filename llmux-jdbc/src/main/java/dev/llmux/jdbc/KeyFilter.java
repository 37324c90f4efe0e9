package dev.llmux.jdbc;

/**
 * Which keys to list. Null fields do not filter; {@code page} is 1-based (0 = 1), {@code size}
 * defaults to 50 (0) and may be at most 500.
 *
 * @param userId only this user's keys
 * @param teamId only this team's keys
 * @param organizationId only keys of this organization's teams
 * @param search case-insensitive substring of the key id, alias or key name
 * @param page page number
 * @param size page size
 */
public record KeyFilter(
    String userId, String teamId, String organizationId, String search, int page, int size) {
  /** Every key, first page of 50. */
  public static KeyFilter all() {
    return new KeyFilter(null, null, null, null, 1, 50);
  }
}
