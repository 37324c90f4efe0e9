/**
 * The response cache (not API): keys from canonical JSON, directives, reads and writes over a
 * {@link dev.llmux.core.cache.CacheStore}, and the assembly and replay of streams.
 */
@NullMarked
package dev.llmux.core.internal.cache;

import org.jspecify.annotations.NullMarked;
