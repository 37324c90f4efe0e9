package dev.llmux.jdbc;

import java.time.Instant;

/**
 * Which audit rows to list, newest first (see {@link KeyFilter} for paging).
 *
 * @param actor only changes by this actor id
 * @param objectType only this object type
 * @param objectId only this object id
 * @param action only this action
 * @param from only rows at or after
 * @param to only rows before
 * @param page page number
 * @param size page size
 */
public record AuditFilter(
    String actor,
    String objectType,
    String objectId,
    String action,
    Instant from,
    Instant to,
    int page,
    int size) {
  /** Every row, first page of 50. */
  public static AuditFilter all() {
    return new AuditFilter(null, null, null, null, null, null, 1, 50);
  }
}
