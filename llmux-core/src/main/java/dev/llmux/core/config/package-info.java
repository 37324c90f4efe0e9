/**
 * Router configuration: one immutable object per concern ({@link
 * dev.llmux.core.config.RoutingConfig}, {@link dev.llmux.core.config.RetryConfig}, {@link
 * dev.llmux.core.config.FallbackConfig}, {@link dev.llmux.core.config.CooldownConfig}, {@link
 * dev.llmux.core.config.TimeoutConfig}, {@link dev.llmux.core.config.CacheConfig}), each built with
 * {@code custom()...build()} and holding its defaults, and {@link
 * dev.llmux.core.config.RouterConfig}, everything a YAML file or the Spring properties declare,
 * read by {@link dev.llmux.core.config.ConfigLoader} in LLMux's own shape or in LiteLLM's
 * vocabulary. The parsing internals live in {@code dev.llmux.core.internal.config}.
 */
@NullMarked
package dev.llmux.core.config;

import org.jspecify.annotations.NullMarked;
