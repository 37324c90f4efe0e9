/** OpenAI legacy text completion types ({@code POST /v1/completions}). */
package dev.llmux.api.completion;
