/**
 * Configuration parsing (not API): {@link dev.llmux.core.internal.config.ConfigBinder} interpolates
 * {@code ${...}} references, reads the text into a {@code YamlTree} whose nodes know their lines,
 * and hands each top-level section to the binder of its shape (LLMux's own sections, LiteLLM's
 * vocabulary, budgets and limits), which all fill one draft of the {@link
 * dev.llmux.core.config.RouterConfig}; every error names the source, line and key. Use {@link
 * dev.llmux.core.config.ConfigLoader}.
 */
@NullMarked
package dev.llmux.core.internal.config;

import org.jspecify.annotations.NullMarked;
