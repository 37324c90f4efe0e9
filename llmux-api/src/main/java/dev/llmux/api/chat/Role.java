package dev.llmux.api.chat;

/** The message roles of the chat completions API, as the strings they are on the wire. */
public final class Role {
  /** The {@code system} role. */
  public static final String SYSTEM = "system";

  /** The {@code developer} role. */
  public static final String DEVELOPER = "developer";

  /** The {@code user} role. */
  public static final String USER = "user";

  /** The {@code assistant} role. */
  public static final String ASSISTANT = "assistant";

  /** The {@code tool} role. */
  public static final String TOOL = "tool";

  private Role() {}
}
