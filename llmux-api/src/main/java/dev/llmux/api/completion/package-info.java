/** OpenAI legacy text completion types ({@code POST /v1/completions}). */
@NullMarked
package dev.llmux.api.completion;

import org.jspecify.annotations.NullMarked;
