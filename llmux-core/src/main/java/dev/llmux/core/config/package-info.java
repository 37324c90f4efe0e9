/**
 * Router configuration: the immutable {@link dev.llmux.core.config.RouterConfig} model and the
 * {@link dev.llmux.core.config.ConfigLoader} that reads it from YAML, in LLMux's own shape or in
 * LiteLLM's vocabulary. Parsing internals are package-private.
 */
package dev.llmux.core.config;
