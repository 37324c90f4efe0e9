package dev.llmux.api.error;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A budget would be exceeded by this call. HTTP 429, OpenAI type {@code insufficient_quota} (what
 * OpenAI itself answers when an account's quota is spent), code {@code budget_exceeded}. Carries
 * the scope, limit, spend and the instant the budget resets ({@code null} for a budget that never
 * resets). Not retriable; created without a stack trace.
 */
public class BudgetExceededException extends LlmException {
  private static final long serialVersionUID = 1L;

  /** Serialized with the exception. */
  private final String scope;

  /** Serialized with the exception. */
  private final BigDecimal limit;

  /** Serialized with the exception. */
  private final BigDecimal spend;

  /** Serialized with the exception. */
  private final @Nullable Instant resetsAt;

  /** Serialized with the exception. */
  private final @Nullable Duration retryAfter;

  /** A budget refusal: the scope whose budget is spent, its limit and spend, and when it resets. */
  public BudgetExceededException(
      String scope,
      BigDecimal limit,
      BigDecimal spend,
      @Nullable Instant resetsAt,
      @Nullable Duration retryAfter) {
    super(
        "Budget exceeded for "
            + scope
            + ": spend "
            + spend.toPlainString()
            + " of max "
            + limit.toPlainString()
            + (resetsAt == null ? "" : ", resets at " + resetsAt),
        "insufficient_quota",
        429,
        "budget_exceeded",
        null,
        null,
        null,
        false);
    this.scope = scope;
    this.limit = limit;
    this.spend = spend;
    this.resetsAt = resetsAt;
    this.retryAfter = retryAfter;
  }

  /** The scope whose budget is spent (for example {@code team:search}). */
  public String scope() {
    return scope;
  }

  /** The budget's limit in USD. */
  public BigDecimal limit() {
    return limit;
  }

  /** The spend in USD when the call was refused. */
  public BigDecimal spend() {
    return spend;
  }

  /** When the budget resets, or {@code null} for a budget that never resets. */
  public @Nullable Instant resetsAt() {
    return resetsAt;
  }

  @Override
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public boolean isRetriable() {
    return false;
  }
}
