/**
 * The {@code vertex_ai} provider type: Gemini and Anthropic Claude models on Google Cloud Vertex
 * AI, with OAuth2 access tokens from Google's auth library, found by {@link
 * java.util.ServiceLoader}. Only {@link dev.llmux.vertex.VertexProviderFactory} is public.
 */
package dev.llmux.vertex;
