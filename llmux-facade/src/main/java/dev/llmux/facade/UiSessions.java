package dev.llmux.facade;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * The dashboard's server-side sessions, in memory: a random id (the {@code HttpOnly} cookie's
 * value, 256 bits from {@link SecureRandom}) to the {@link UiPrincipal} who signed in, with a CSRF
 * token of its own. A session ends {@code session_max_age} after it was created, after {@code
 * session_idle_timeout} without a request, at sign-out, or when {@code max_sessions} newer ones
 * push it out (the least recently used goes first). Sessions are bound to the connector they were
 * created on (the main port or the admin port). Not shared between instances: behind a load
 * balancer, use sticky sessions or sign in again.
 *
 * <p><b>Seam for single sign-on (issue 19).</b> A sign-in of any kind ends in {@link
 * #create(UiPrincipal, String)}: the key sign-in ({@code POST /ui/api/session}) creates a session
 * for {@code UiPrincipal.apiKey(...)}; an OIDC callback creates one for a principal whose {@code
 * credential} is what the facade's authentication accepts for that person (for example a token the
 * SSO work issues or verifies), with {@code source} {@code "oidc"}. Everything after sign-in
 * (cookie, CSRF, expiry, calls made with the session) is the same for both.
 */
final class UiSessions {
  /** Bytes of randomness in a session id and in a CSRF token. */
  static final int ID_BYTES = 32;

  /**
   * Who signed in.
   *
   * @param source how: {@code api_key} (the master key or a virtual key), or {@code oidc} (single
   *     sign-on, issue 19)
   * @param name what the dashboard shows for the principal (never the secret)
   * @param credential what the session presents, as {@code Authorization: Bearer}, on every call
   *     made with it: the key itself for {@code api_key}; kept in this process's memory only, never
   *     sent to the browser
   */
  record UiPrincipal(String source, String name, String credential) {
    static final String API_KEY = "api_key";
    static final String OIDC = "oidc";

    UiPrincipal {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(credential, "credential");
    }

    /** A principal signed in with an API key; its name is the key's display form. */
    static UiPrincipal apiKey(String key) {
      return new UiPrincipal(API_KEY, shown(key), key);
    }

    /** {@code sk-llmux...Ab3d}: enough to recognise a key, never enough to use it. */
    static String shown(String key) {
      if (key.length() <= 12) {
        return key.substring(0, Math.min(3, key.length())) + "...";
      }
      return key.substring(0, 8) + "..." + key.substring(key.length() - 4);
    }

    @Override
    public String toString() {
      return "UiPrincipal[source=" + source + ", name=" + name + "]";
    }
  }

  /** One session. {@code lastSeen} moves on every request made with it. */
  static final class Session {
    final String id;
    final String csrfToken;
    final UiPrincipal principal;
    final String connector;
    final Instant created;
    final Instant expires;
    private Instant lastSeen;

    Session(
        String id,
        String csrfToken,
        UiPrincipal principal,
        String connector,
        Instant created,
        Instant expires) {
      this.id = id;
      this.csrfToken = csrfToken;
      this.principal = principal;
      this.connector = connector;
      this.created = created;
      this.expires = expires;
      this.lastSeen = created;
    }

    synchronized Instant lastSeen() {
      return lastSeen;
    }

    synchronized void seen(Instant now) {
      lastSeen = now;
    }

    /** Whether {@code presented} is this session's CSRF token (constant-time comparison). */
    boolean csrfMatches(String presented) {
      return presented != null
          && MessageDigest.isEqual(
              csrfToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
      return "Session[principal=" + principal + ", created=" + created + "]";
    }
  }

  private final Clock clock;
  private final Duration maxAge;
  private final Duration idleTimeout;
  private final int maxSessions;
  private final SecureRandom random = new SecureRandom();

  /** In access order: the eldest entry is the least recently used session. */
  private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);

  UiSessions(UiSettings settings, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = settings.sessionMaxAge();
    this.idleTimeout = settings.sessionIdleTimeout();
    this.maxSessions = settings.maxSessions();
  }

  /**
   * A new session for {@code principal}, usable on {@code connector} only ({@code null} = the main
   * connector). Ends the least recently used sessions beyond {@code max_sessions}.
   */
  Session create(UiPrincipal principal, String connector) {
    Objects.requireNonNull(principal, "principal");
    Instant now = clock.instant();
    Session s = new Session(token(), token(), principal, connector, now, now.plus(maxAge));
    synchronized (sessions) {
      purge(now);
      sessions.put(s.id, s);
      while (sessions.size() > maxSessions) {
        Iterator<String> eldest = sessions.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    return s;
  }

  /**
   * The live session {@code id} names on {@code connector}, marked as used now; {@code null} when
   * there is none (unknown, ended, expired, idle too long, or made on another connector).
   */
  Session find(String id, String connector) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    Instant now = clock.instant();
    synchronized (sessions) {
      Session s = sessions.get(id);
      if (s == null) {
        return null;
      }
      if (!alive(s, now)) {
        sessions.remove(id);
        return null;
      }
      if (!Objects.equals(s.connector, connector)) {
        return null;
      }
      s.seen(now);
      return s;
    }
  }

  /** Ends the session {@code id} (sign-out). */
  void remove(String id) {
    if (id != null) {
      synchronized (sessions) {
        sessions.remove(id);
      }
    }
  }

  /** Live sessions. */
  int size() {
    synchronized (sessions) {
      purge(clock.instant());
      return sessions.size();
    }
  }

  /** When {@code s} ends if it stays unused. */
  Instant endsAt(Session s) {
    Instant idleEnd = s.lastSeen().plus(idleTimeout);
    return idleEnd.isBefore(s.expires) ? idleEnd : s.expires;
  }

  private boolean alive(Session s, Instant now) {
    return now.isBefore(s.expires) && now.isBefore(s.lastSeen().plus(idleTimeout));
  }

  /** Drops ended sessions; called with the lock held. */
  private void purge(Instant now) {
    sessions.values().removeIf(s -> !alive(s, now));
  }

  private String token() {
    byte[] b = new byte[ID_BYTES];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** For tests: how many sessions are held, ended ones included. */
  int held() {
    synchronized (sessions) {
      return sessions.size();
    }
  }
}
