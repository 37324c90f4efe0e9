/** OpenAI-shaped embedding types. */
package dev.llmux.api.embedding;
