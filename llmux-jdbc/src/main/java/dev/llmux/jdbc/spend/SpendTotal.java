package dev.llmux.jdbc.spend;

import java.math.BigDecimal;

/**
 * Summed spend of one group (a key, user, team, organization, end user, model group or provider).
 *
 * @param group the group's id, or {@code null} for calls without one (for example no key)
 * @param requests calls
 * @param successes calls served ({@code success} or {@code cancelled})
 * @param failures calls that failed
 * @param cacheHits calls served from the response cache
 * @param promptTokens prompt tokens
 * @param completionTokens completion tokens
 * @param cost cost in USD (calls with unknown prices count 0)
 */
public record SpendTotal(
    String group,
    long requests,
    long successes,
    long failures,
    long cacheHits,
    long promptTokens,
    long completionTokens,
    BigDecimal cost) {

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
