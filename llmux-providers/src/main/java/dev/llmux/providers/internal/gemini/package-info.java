/**
 * The Gemini {@code generateContent} translation (OpenAI chat request to a Gemini body, Gemini
 * answers and stream events back to OpenAI chat), shared by the {@code gemini} provider (Gemini
 * API) and by Gemini on Vertex AI ({@code llmux-vertex}).
 *
 * <p>Not API: public only so that other LLMux provider modules can reuse it; it may change without
 * notice.
 */
package dev.llmux.providers.internal.gemini;
