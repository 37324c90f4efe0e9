package dev.llmux.providers.internal;

import java.util.Objects;

/**
 * One server-sent event: its {@code event} name ({@code null} when the event had no {@code event:}
 * field, which means {@code message}) and its data (the {@code data:} lines joined with {@code
 * \n}).
 */
public record SseEvent(String event, String data) {
  /** The data of OpenAI's stream terminator. */
  public static final String DONE = "[DONE]";

  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /** Whether this is OpenAI's {@code data: [DONE]} terminator. */
  public boolean isDone() {
    return DONE.equals(data);
  }
}
