/** OpenAI-shaped chat completion types: request, response, stream chunk and their parts. */
package dev.llmux.api.chat;
