package dev.llmux.jdbc;

/**
 * What to set on an end user ({@code null} = unchanged / default).
 *
 * @param alias display name
 * @param budgetId the budget (must exist)
 * @param blocked blocked state
 */
public record EndUserSpec(String alias, String budgetId, Boolean blocked) {}
