package dev.llmux.jdbc;

import java.util.Locale;

/** A user's role on the whole proxy. Stored and shown (LiteLLM's names) as {@link #key()}. */
public enum UserRole {
  PROXY_ADMIN("proxy_admin"),
  PROXY_ADMIN_VIEWER("proxy_admin_viewer"),
  INTERNAL_USER("internal_user"),
  INTERNAL_USER_VIEWER("internal_user_viewer");

  private final String key;

  UserRole(String key) {
    this.key = key;
  }

  /** The stored and API name. */
  public String key() {
    return key;
  }

  /** Parses {@link #key()} (case-insensitive). */
  public static UserRole fromKey(String s) {
    if (s != null) {
      String k = s.trim().toLowerCase(Locale.ROOT);
      for (UserRole r : values()) {
        if (r.key.equals(k)) {
          return r;
        }
      }
    }
    StringBuilder known = new StringBuilder();
    for (UserRole r : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(r.key);
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (known: " + known + ")");
  }
}
