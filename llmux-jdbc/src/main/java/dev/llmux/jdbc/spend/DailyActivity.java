package dev.llmux.jdbc.spend;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One UTC day's calls, tokens and spend (fields as in {@link SpendTotal}). */
public record DailyActivity(
    LocalDate day,
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
