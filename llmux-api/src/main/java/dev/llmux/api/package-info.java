/**
 * The public surface of LLMux that does not depend on the router: OpenAI-shaped request and
 * response types ({@link dev.llmux.api.chat}, {@link dev.llmux.api.embedding},
 * {@link dev.llmux.api.model}), the exception hierarchy ({@link dev.llmux.api.error}) and the
 * provider SPI ({@link dev.llmux.api.spi}).
 *
 * <p>All types are immutable. Fields the types do not model are kept in an {@code extra} map so that
 * they survive a read/write round trip and reach OpenAI-compatible upstreams untouched. Unset fields
 * are {@code null} and are not written to JSON.
 */
package dev.llmux.api;
