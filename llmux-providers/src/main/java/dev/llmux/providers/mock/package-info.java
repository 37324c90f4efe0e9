/**
 * The {@code mock} provider type: deterministic, network-free answers for demos and tests. Only the
 * factory is public.
 */
package dev.llmux.providers.mock;
