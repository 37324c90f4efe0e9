/**
 * Governance data in a SQL database (H2 or PostgreSQL): virtual API keys, users, teams,
 * organizations, budgets, end users, invitations and an append-only audit log.
 *
 * <p>{@link dev.llmux.jdbc.LlmuxDatabase} is the entry point: it owns the connection pool, runs the
 * Flyway migrations and hands out one store per kind of object. Every mutating store method takes
 * the {@link dev.llmux.jdbc.Actor} who makes the change and writes its audit row in the same
 * transaction. {@link dev.llmux.jdbc.LlmuxDatabase#authenticate} is the cached request-path key
 * lookup and {@link dev.llmux.jdbc.LlmuxDatabase#governancePolicy()} feeds stored budgets and
 * limits to the router.
 *
 * <p>Errors: {@link java.lang.IllegalArgumentException} for bad input (HTTP 400), {@link
 * dev.llmux.jdbc.NotFoundException} (404), {@link dev.llmux.jdbc.ConflictException} (409), {@link
 * dev.llmux.jdbc.GoneException} (410, an expired invitation).
 */
package dev.llmux.jdbc;
