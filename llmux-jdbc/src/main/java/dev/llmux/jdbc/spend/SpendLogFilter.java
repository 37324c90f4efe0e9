package dev.llmux.jdbc.spend;

import java.time.LocalDate;

/**
 * Which spend log rows to list, newest first. Days are UTC days ({@code from}/{@code to}
 * inclusive); {@code null} fields do not filter; {@code page} is 1-based (0 = 1); {@code size}
 * defaults to 50 (0) and may be at most 1000.
 *
 * @param from first day, or {@code null}
 * @param to last day, or {@code null}
 * @param keyId only this key's calls
 * @param userId only this user's calls
 * @param teamId only this team's calls
 * @param orgId only this organization's calls
 * @param endUserId only this end user's calls
 * @param model calls whose model group or requested model is this
 * @param requestId the call with this LLMux call id, or the calls with this caller request id
 * @param page page number
 * @param size page size
 * @param status {@link #SUCCESS} (served calls), {@link #FAILURE} (every call whose status is
 *     neither {@code success} nor {@code cancelled}), or one exact status ({@code cancelled}, an
 *     error code such as {@code rate_limit_exceeded}); {@code null} does not filter
 */
public record SpendLogFilter(
    LocalDate from,
    LocalDate to,
    String keyId,
    String userId,
    String teamId,
    String orgId,
    String endUserId,
    String model,
    String requestId,
    int page,
    int size,
    String status) {

  /** {@code status} filter: served calls. */
  public static final String SUCCESS = "success";

  /** {@code status} filter: failed calls (neither {@code success} nor {@code cancelled}). */
  public static final String FAILURE = "failure";

  public SpendLogFilter {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("start date " + from + " is after end date " + to);
    }
    if (page < 0) {
      throw new IllegalArgumentException("page must be >= 1, got " + page);
    }
    if (size < 0 || size > 1000) {
      throw new IllegalArgumentException("page size must be between 1 and 1000, got " + size);
    }
    page = page == 0 ? 1 : page;
    size = size == 0 ? 50 : size;
    status = status == null || status.isBlank() ? null : status;
  }

  /** The same filter without a {@code status}. */
  public SpendLogFilter(
      LocalDate from,
      LocalDate to,
      String keyId,
      String userId,
      String teamId,
      String orgId,
      String endUserId,
      String model,
      String requestId,
      int page,
      int size) {
    this(from, to, keyId, userId, teamId, orgId, endUserId, model, requestId, page, size, null);
  }

  /** Every row, first page of 50. */
  public static SpendLogFilter all() {
    return new SpendLogFilter(null, null, null, null, null, null, null, null, null, 1, 50);
  }
}
