/**
 * The one unchecked exception hierarchy of LLMux. Every {@link dev.llmux.api.error.LlmException}
 * knows its OpenAI error {@code type}, the HTTP status a gateway should answer with, an optional
 * OpenAI error {@code code}, and whether the router may retry it.
 *
 * <p>Flow-control rejections ({@link dev.llmux.api.error.RateLimitException} raised by LLMux
 * itself, {@link dev.llmux.api.error.BudgetExceededException}, {@link
 * dev.llmux.api.error.NoHealthyDeploymentException}) are created without a stack trace, so a
 * rejection costs little.
 */
@NullMarked
package dev.llmux.api.error;

import org.jspecify.annotations.NullMarked;
