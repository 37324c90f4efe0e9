package dev.llmux.api.chat;

/**
 * OpenAI finish reasons, as the strings they are on the wire. Providers translate theirs into
 * these.
 */
public final class FinishReason {
  /** Finish reason {@code stop}. */
  public static final String STOP = "stop";

  /** Finish reason {@code length}. */
  public static final String LENGTH = "length";

  /** Finish reason {@code tool_calls}. */
  public static final String TOOL_CALLS = "tool_calls";

  /** Finish reason {@code content_filter}. */
  public static final String CONTENT_FILTER = "content_filter";

  /** Finish reason {@code function_call}. */
  public static final String FUNCTION_CALL = "function_call";

  private FinishReason() {}
}
