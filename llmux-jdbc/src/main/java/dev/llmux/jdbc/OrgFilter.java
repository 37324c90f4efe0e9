package dev.llmux.jdbc;

/**
 * Which organizations to list (see {@link KeyFilter} for paging).
 *
 * @param search case-insensitive substring of id or alias
 * @param page page number
 * @param size page size
 */
public record OrgFilter(String search, int page, int size) {
  /** Every organization, first page of 50. */
  public static OrgFilter all() {
    return new OrgFilter(null, 1, 50);
  }
}
