/**
 * The public surface of LLMux that does not depend on the router: OpenAI-shaped request and
 * response types ({@link dev.llmux.api.chat}, {@link dev.llmux.api.embedding}, {@link
 * dev.llmux.api.model}), the exception hierarchy ({@link dev.llmux.api.error}) and the provider SPI
 * ({@link dev.llmux.api.spi}).
 *
 * <p>All types are immutable. Fields the types do not model are kept in an {@code extra} map so
 * that they survive a read/write round trip and reach OpenAI-compatible upstreams untouched. Unset
 * fields are {@code null} and are not written to JSON.
 *
 * <p>Nullness is stated with JSpecify: every package is {@code @NullMarked}, so a type without
 * {@code @Nullable} is never {@code null}. A record component is {@code @Nullable} unless its
 * constructor requires it or normalizes it; the list and {@code extra} map components that the
 * constructor turns into empty collections are non-null (the constructor still accepts {@code null}
 * there at run time, which Jackson passes for an absent field). Factories and {@code withX} copies
 * accept {@code null} wherever the component they fill does.
 */
@NullMarked
package dev.llmux.api;

import org.jspecify.annotations.NullMarked;
