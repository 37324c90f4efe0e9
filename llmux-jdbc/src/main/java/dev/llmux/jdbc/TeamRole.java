package dev.llmux.jdbc;

import java.util.Locale;

/** A user's role in a team. Stored and shown (LiteLLM's names) as {@link #key()}. */
public enum TeamRole {
  ADMIN("admin"),
  USER("user");

  private final String key;

  TeamRole(String key) {
    this.key = key;
  }

  /** The stored and API name. */
  public String key() {
    return key;
  }

  /** Parses {@link #key()} (case-insensitive). */
  public static TeamRole fromKey(String s) {
    if (s != null) {
      String k = s.trim().toLowerCase(Locale.ROOT);
      for (TeamRole r : values()) {
        if (r.key.equals(k)) {
          return r;
        }
      }
    }
    StringBuilder known = new StringBuilder();
    for (TeamRole r : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(r.key);
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (known: " + known + ")");
  }
}
