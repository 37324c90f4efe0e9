/** OpenAI-shaped chat completion types: request, response, stream chunk and their parts. */
@NullMarked
package dev.llmux.api.chat;

import org.jspecify.annotations.NullMarked;
