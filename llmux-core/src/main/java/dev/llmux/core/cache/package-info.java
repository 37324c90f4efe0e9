/**
 * The response-cache SPI: {@link dev.llmux.core.cache.CacheStore} holds serialized responses under
 * opaque keys; {@link dev.llmux.core.cache.CacheStore#inMemory} is the bundled Caffeine store, and
 * the Redis module provides shared ones. {@link dev.llmux.core.cache.CacheControl} carries a
 * request's cache directives.
 */
@NullMarked
package dev.llmux.core.cache;

import org.jspecify.annotations.NullMarked;
