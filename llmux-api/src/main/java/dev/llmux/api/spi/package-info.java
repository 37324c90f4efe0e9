/**
 * The provider SPI: how the router talks to one wire protocol. A {@link
 * dev.llmux.api.spi.ProviderFactory} is found by {@link java.util.ServiceLoader} by its {@code
 * type} and creates a {@link dev.llmux.api.spi.Provider} per configured provider instance.
 *
 * <p>Contract for implementations: providers make exactly one upstream HTTP call per method call
 * (the router owns retries), map every failure to a {@link dev.llmux.api.error.LlmException},
 * honour the {@link dev.llmux.api.spi.CallOptions} timeouts, and are thread-safe.
 */
@NullMarked
package dev.llmux.api.spi;

import org.jspecify.annotations.NullMarked;
