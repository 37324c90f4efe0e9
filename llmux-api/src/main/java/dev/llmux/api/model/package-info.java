/** OpenAI-shaped model listing types. */
@NullMarked
package dev.llmux.api.model;

import org.jspecify.annotations.NullMarked;
