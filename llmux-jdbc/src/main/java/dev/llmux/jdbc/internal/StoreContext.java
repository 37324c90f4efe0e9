package dev.llmux.jdbc.internal;

import java.time.Clock;

/**
 * What the stores share. Not public API.
 *
 * @param sql the SQL helper
 * @param clock the clock for timestamps and expiry
 * @param onChange called after every change (invalidates the caches)
 */
public record StoreContext(Sql sql, Clock clock, Runnable onChange) {}
