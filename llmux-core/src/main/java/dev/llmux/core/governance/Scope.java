package dev.llmux.core.governance;

import dev.llmux.core.RequestContext;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Who a budget or limit applies to, read from the {@link RequestContext}. */
public enum Scope {
  /** A virtual API key ({@link RequestContext#keyId()}). */
  KEY("key"),
  /** A user ({@link RequestContext#userId()}). */
  USER("user"),
  /** A team ({@link RequestContext#teamId()}). */
  TEAM("team"),
  /** An organization ({@link RequestContext#orgId()}). */
  ORGANIZATION("org"),
  /** The application's own end user ({@link RequestContext#endUserId()}). */
  END_USER("end_user");

  private final String key;

  Scope(String key) {
    this.key = key;
  }

  /** The name used in configuration, keys and messages: key, user, team, org, end_user. */
  public String key() {
    return key;
  }

  /** This scope's id in {@code ctx}, or {@code null} when the request has none. */
  public @Nullable String idIn(RequestContext ctx) {
    switch (this) {
      case KEY:
        return ctx.keyId();
      case USER:
        return ctx.userId();
      case TEAM:
        return ctx.teamId();
      case ORGANIZATION:
        return ctx.orgId();
      default:
        return ctx.endUserId();
    }
  }

  /**
   * Parses a configuration name (also accepts {@code organization}, {@code end-user}, {@code
   * customer}).
   */
  public static Scope fromKey(String s) {
    String k = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (k) {
      case "key":
      case "api_key":
        return KEY;
      case "user":
        return USER;
      case "team":
        return TEAM;
      case "org":
      case "organization":
        return ORGANIZATION;
      case "end_user":
      case "customer":
        return END_USER;
      default:
        throw new IllegalArgumentException(
            "unknown scope '" + s + "' (known: key, user, team, org, end_user)");
    }
  }
}
