/**
 * State SPIs for rate limits and budgets: {@link dev.llmux.core.store.CounterStore} (sliding-window
 * counters and concurrency gauges) and {@link dev.llmux.core.store.SpendStore} (budget spend with
 * reservations). Every operation that must be atomic is one method, so a shared implementation (the
 * Redis module) does each in one round trip. {@code CounterStore.inMemory()} and {@code
 * SpendStore.inMemory()} are the in-process implementations; the abstract contract suites in
 * llmux-core's test jar ({@code CounterStoreContract}, {@code SpendStoreContract}) pin the
 * semantics for every implementation.
 */
@NullMarked
package dev.llmux.core.store;

import org.jspecify.annotations.NullMarked;
