/**
 * The Anthropic Messages translation (OpenAI chat request to Messages body, Messages answer and
 * stream events back to OpenAI chat), shared by the {@code anthropic} provider and by Anthropic
 * models on other clouds (Vertex AI in {@code llmux-vertex}).
 *
 * <p>Not API: public only so that other LLMux provider modules can reuse it; it may change without
 * notice.
 */
package dev.llmux.providers.internal.anthropic;
