package dev.llmux.providers.internal;

import java.util.Objects;

/**
 * One server-sent event: its {@code event} name ({@code null} when the event had no {@code event:}
 * field, which means {@code message}), its data (the {@code data:} lines joined with {@code \n}),
 * and, when the reader keeps them, its bytes as the upstream sent them ({@code null} otherwise).
 */
public record SseEvent(String event, String data, byte[] raw) {
  /** The data of OpenAI's stream terminator. */
  public static final String DONE = "[DONE]";

  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /** An event without its bytes. */
  public SseEvent(String event, String data) {
    this(event, data, null);
  }

  /** Whether this is OpenAI's {@code data: [DONE]} terminator. */
  public boolean isDone() {
    return DONE.equals(data);
  }
}
