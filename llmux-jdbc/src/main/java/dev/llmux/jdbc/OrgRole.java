package dev.llmux.jdbc;

import java.util.Locale;

/** A user's role in an organization. Stored and shown (LiteLLM's names) as {@link #key()}. */
public enum OrgRole {
  ORG_ADMIN("org_admin"),
  INTERNAL_USER("internal_user"),
  INTERNAL_USER_VIEWER("internal_user_viewer");

  private final String key;

  OrgRole(String key) {
    this.key = key;
  }

  /** The stored and API name. */
  public String key() {
    return key;
  }

  /** Parses {@link #key()} (case-insensitive). */
  public static OrgRole fromKey(String s) {
    if (s != null) {
      String k = s.trim().toLowerCase(Locale.ROOT);
      for (OrgRole r : values()) {
        if (r.key.equals(k)) {
          return r;
        }
      }
    }
    StringBuilder known = new StringBuilder();
    for (OrgRole r : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(r.key);
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (known: " + known + ")");
  }
}
