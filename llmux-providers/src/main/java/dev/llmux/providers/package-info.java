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
 *       network-free provider for demos and tests;
 *   <li>{@link dev.llmux.providers.openai.OpenAiPresetFactory} and its nested classes: 24 named
 *       OpenAI-compatible vendors ({@code groq}, {@code deepseek}, {@code mistral}, {@code
 *       ollama}...), the OpenAI wire with each vendor's default base URL and refused parameters.
 * </ul>
 *
 * <p>Amazon Bedrock ({@code bedrock}) and Google Cloud Vertex AI ({@code vertex_ai}) are in the
 * {@code llmux-bedrock} and {@code llmux-vertex} modules.
 *
 * <p>Only the factories are public API. {@code dev.llmux.providers.internal} is shared plumbing
 * (HTTP client, SSE parser and streams, error mapping, translation helpers, and the Anthropic and
 * Gemini translations in its {@code anthropic} and {@code gemini} subpackages) whose classes are
 * public only so that the provider packages and modules can use them; it may change without notice.
 */
package dev.llmux.providers;
