package dev.llmux.jdbc.spend;

import java.time.LocalDate;

/**
 * Which daily aggregates to sum. Days are UTC days; {@code from} and {@code to} are inclusive;
 * {@code null} fields do not filter.
 *
 * @param from first day, or {@code null} for no lower bound
 * @param to last day, or {@code null} for no upper bound
 * @param keyId only this key's calls
 * @param userId only this user's calls
 * @param teamId only this team's calls
 * @param orgId only this organization's calls
 * @param endUserId only this end user's calls
 * @param modelGroup only calls served by this model group
 * @param provider only calls served by this provider instance
 */
public record SpendFilter(
    LocalDate from,
    LocalDate to,
    String keyId,
    String userId,
    String teamId,
    String orgId,
    String endUserId,
    String modelGroup,
    String provider) {

  public SpendFilter {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("start date " + from + " is after end date " + to);
    }
  }

  /** Everything ever recorded. */
  public static SpendFilter all() {
    return new SpendFilter(null, null, null, null, null, null, null, null, null);
  }

  /** The days {@code from} to {@code to}, both inclusive (either may be {@code null}). */
  public static SpendFilter between(LocalDate from, LocalDate to) {
    return new SpendFilter(from, to, null, null, null, null, null, null, null);
  }

  public SpendFilter withKey(String v) {
    return new SpendFilter(from, to, v, userId, teamId, orgId, endUserId, modelGroup, provider);
  }

  public SpendFilter withUser(String v) {
    return new SpendFilter(from, to, keyId, v, teamId, orgId, endUserId, modelGroup, provider);
  }

  public SpendFilter withTeam(String v) {
    return new SpendFilter(from, to, keyId, userId, v, orgId, endUserId, modelGroup, provider);
  }

  public SpendFilter withOrg(String v) {
    return new SpendFilter(from, to, keyId, userId, teamId, v, endUserId, modelGroup, provider);
  }

  public SpendFilter withEndUser(String v) {
    return new SpendFilter(from, to, keyId, userId, teamId, orgId, v, modelGroup, provider);
  }

  public SpendFilter withModelGroup(String v) {
    return new SpendFilter(from, to, keyId, userId, teamId, orgId, endUserId, v, provider);
  }

  public SpendFilter withProvider(String v) {
    return new SpendFilter(from, to, keyId, userId, teamId, orgId, endUserId, modelGroup, v);
  }
}
