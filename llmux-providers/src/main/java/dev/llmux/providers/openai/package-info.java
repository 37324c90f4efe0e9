/**
 * The OpenAI wire: the {@code openai}, {@code azure} and {@code openai-compatible} provider types.
 * Only the factories are public.
 */
package dev.llmux.providers.openai;
