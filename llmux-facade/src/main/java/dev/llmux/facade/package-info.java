/**
 * The LLMux facade: an OpenAI-compatible HTTP server in front of an {@link
 * dev.llmux.core.LlmRouter}, run as a sidecar with {@code java -jar llmux-facade.jar --config
 * FILE}.
 */
package dev.llmux.facade;
