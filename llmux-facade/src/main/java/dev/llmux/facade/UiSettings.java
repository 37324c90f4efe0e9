package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The dashboard's settings, the {@code server.ui} section: whether {@code /ui/} is served, and its
 * sessions' lifetime, idle time, number and cookie attributes. Immutable.
 *
 * <pre>{@code
 * server:
 *   ui:
 *     enabled: true
 *     session_max_age: 12h       # a session ends this long after sign-in, used or not
 *     session_idle_timeout: 1h   # ... or after this long without a request
 *     max_sessions: 1000         # beyond, the least recently used session ends
 *     secure_cookie: auto        # auto (Secure when the request came over TLS) | always | never
 *     same_site: strict          # strict | lax
 * }</pre>
 *
 * @param enabled whether {@code /ui/} is served (default {@code true})
 * @param sessionMaxAge a session's absolute lifetime (default 12 h)
 * @param sessionIdleTimeout how long a session lives without a request (default 1 h)
 * @param maxSessions sessions kept at once; signing in beyond ends the least recently used (default
 *     1000)
 * @param secureCookie when the session cookie gets the {@code Secure} attribute
 * @param sameSite the cookie's {@code SameSite} attribute: {@code Strict} or {@code Lax}
 */
public record UiSettings(
    boolean enabled,
    Duration sessionMaxAge,
    Duration sessionIdleTimeout,
    int maxSessions,
    SecureCookie secureCookie,
    String sameSite) {

  /** When the session cookie is marked {@code Secure}. */
  public enum SecureCookie {
    /**
     * When the request came over TLS: a TLS connector, or {@code X-Forwarded-Proto: https} from a
     * proxy in front.
     */
    AUTO,
    /** Always (the dashboard is only reached over HTTPS). */
    ALWAYS,
    /** Never (plain HTTP on a trusted network or loopback). */
    NEVER
  }

  public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofHours(12);
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_MAX_SESSIONS = 1000;

  private static final Set<String> KEYS =
      Set.of(
          "enabled",
          "session_max_age",
          "session_idle_timeout",
          "max_sessions",
          "secure_cookie",
          "same_site");

  public UiSettings {
    Objects.requireNonNull(sessionMaxAge, "sessionMaxAge");
    Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
    Objects.requireNonNull(secureCookie, "secureCookie");
    Objects.requireNonNull(sameSite, "sameSite");
    if (sessionMaxAge.isNegative() || sessionMaxAge.isZero()) {
      throw new IllegalArgumentException(
          "server.ui.session_max_age: must be positive, got " + sessionMaxAge);
    }
    if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "server.ui.session_idle_timeout: must be positive, got " + sessionIdleTimeout);
    }
    if (maxSessions <= 0) {
      throw new IllegalArgumentException(
          "server.ui.max_sessions: must be positive, got " + maxSessions);
    }
    sameSite =
        switch (sameSite.toLowerCase(Locale.ROOT)) {
          case "strict" -> "Strict";
          case "lax" -> "Lax";
          default ->
              throw new IllegalArgumentException(
                  "server.ui.same_site: must be strict or lax, got '" + sameSite + "'");
        };
  }

  /** The defaults: served, 12 h sessions idle at most 1 h, 1000 sessions, Secure on TLS, Strict. */
  public static UiSettings defaults() {
    return new UiSettings(
        true,
        DEFAULT_SESSION_MAX_AGE,
        DEFAULT_SESSION_IDLE_TIMEOUT,
        DEFAULT_MAX_SESSIONS,
        SecureCookie.AUTO,
        "Strict");
  }

  /** A copy that is not served. */
  public UiSettings disabled() {
    return new UiSettings(
        false, sessionMaxAge, sessionIdleTimeout, maxSessions, secureCookie, sameSite);
  }

  /**
   * Reads the {@code server.ui} section ({@code null} or missing: the defaults). Errors are {@link
   * IllegalArgumentException}s naming the key ({@code server.ui.max_sessions: must be positive}).
   */
  public static UiSettings fromJson(JsonNode node) {
    UiSettings d = defaults();
    if (node == null || node.isNull() || node.isMissingNode()) {
      return d;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("server.ui: expected a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!KEYS.contains(f)) {
        throw new IllegalArgumentException(
            "server.ui." + f + ": unknown key (known: " + SectionValues.sorted(KEYS) + ")");
      }
    }
    boolean enabled = d.enabled();
    if (SectionValues.has(node, "enabled")) {
      JsonNode e = node.get("enabled");
      if (!e.isBoolean()) {
        throw new IllegalArgumentException("server.ui.enabled: expected true or false, got " + e);
      }
      enabled = e.booleanValue();
    }
    Duration maxAge =
        SectionValues.has(node, "session_max_age")
            ? SectionValues.duration(node.get("session_max_age"), "server.ui.session_max_age")
            : d.sessionMaxAge();
    Duration idle =
        SectionValues.has(node, "session_idle_timeout")
            ? SectionValues.duration(
                node.get("session_idle_timeout"), "server.ui.session_idle_timeout")
            : d.sessionIdleTimeout();
    int max =
        SectionValues.has(node, "max_sessions")
            ? SectionValues.integer(node.get("max_sessions"), "server.ui.max_sessions")
            : d.maxSessions();
    SecureCookie secure = d.secureCookie();
    if (SectionValues.has(node, "secure_cookie")) {
      String s = SectionValues.text(node.get("secure_cookie"), "server.ui.secure_cookie");
      try {
        secure = SecureCookie.valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "server.ui.secure_cookie: must be auto, always or never, got '" + s + "'", e);
      }
    }
    String sameSite =
        SectionValues.has(node, "same_site")
            ? SectionValues.text(node.get("same_site"), "server.ui.same_site").trim()
            : d.sameSite();
    return new UiSettings(enabled, maxAge, idle, max, secure, sameSite);
  }
}
