package dev.llmux.api.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The function a tool call invokes: its name and its arguments as a JSON string (as OpenAI sends
 * them). In stream deltas either part may be absent or a fragment.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionCall(@Nullable String name, @Nullable String arguments) {}
