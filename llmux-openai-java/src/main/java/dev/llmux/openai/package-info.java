/**
 * The official openai-java SDK served by an {@link dev.llmux.core.LlmRouter} in process: {@link
 * dev.llmux.openai.LlmuxOpenAi#client(dev.llmux.core.LlmRouter)} returns an {@code OpenAIClient}
 * whose transport is {@link dev.llmux.openai.LlmuxHttpClient}.
 */
package dev.llmux.openai;
