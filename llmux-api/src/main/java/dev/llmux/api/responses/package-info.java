/**
 * OpenAI Responses API types ({@code POST /v1/responses}): the request, the response object with
 * its output items, and the streaming events. Like the chat types, each record keeps the fields it
 * does not model in an {@code extra} map, and {@code null} means "not set".
 */
@NullMarked
package dev.llmux.api.responses;

import org.jspecify.annotations.NullMarked;
