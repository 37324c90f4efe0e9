/** OpenAI-shaped embedding types. */
@NullMarked
package dev.llmux.api.embedding;

import org.jspecify.annotations.NullMarked;
