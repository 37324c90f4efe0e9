package dev.llmux.jdbc;

import java.time.Instant;

/**
 * The application's own end user (LiteLLM's customer), identified by the {@code user} field of a
 * request.
 *
 * @param id the id the application sends
 * @param alias display name, or {@code null}
 * @param budgetId the {@link BudgetDef} that applies to the end user, or {@code null}
 * @param blocked whether requests for this end user are refused
 * @param createdAt creation time
 */
public record EndUser(
    String id, String alias, String budgetId, boolean blocked, Instant createdAt) {}
