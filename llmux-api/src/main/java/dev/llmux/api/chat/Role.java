package dev.llmux.api.chat;

/** The message roles of the chat completions API, as the strings they are on the wire. */
public final class Role {
  public static final String SYSTEM = "system";
  public static final String DEVELOPER = "developer";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";
  public static final String TOOL = "tool";

  private Role() {}
}
