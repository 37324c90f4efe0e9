/**
 * LLMux's provider implementations, found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/dev.llmux.api.spi.ProviderFactory}.
 *
 * <ul>
 *   <li>{@link dev.llmux.providers.openai.OpenAiProviderFactory} ({@code openai}), {@link
 *       dev.llmux.providers.openai.AzureOpenAiProviderFactory} ({@code azure}) and {@link
 *       dev.llmux.providers.openai.OpenAiCompatibleProviderFactory} ({@code openai-compatible}):
 *       the OpenAI chat completions, embeddings and models wire;
 *   <li>{@link dev.llmux.providers.anthropic.AnthropicProviderFactory} ({@code anthropic}): the
 *       Anthropic Messages API, translated to and from the OpenAI chat shape;
 *   <li>{@link dev.llmux.providers.gemini.GeminiProviderFactory} ({@code gemini}): the Gemini API,
 *       translated to and from the OpenAI chat and embeddings shapes;
 *   <li>{@link dev.llmux.providers.mock.MockProviderFactory} ({@code mock}): a deterministic,
 *       network-free provider for demos and tests.
 * </ul>
 *
 * <p>Only the factories are public API. {@code dev.llmux.providers.internal} is shared plumbing
 * (HTTP client, SSE parser and streams, error mapping, translation helpers) whose classes are
 * public only so that the provider packages can use them; it may change without notice.
 */
package dev.llmux.providers;
