/** OpenAI-shaped model listing types. */
package dev.llmux.api.model;
