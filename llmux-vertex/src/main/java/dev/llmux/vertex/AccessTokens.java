package dev.llmux.vertex;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.UpstreamServerException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * OAuth2 access tokens for Vertex AI from Google's auth library ({@link GoogleCredentials}: a
 * service account key, workload identity federation, the metadata server, user credentials), cached
 * and refreshed before they expire.
 *
 * <p>A token is reused until {@code refreshMargin} before its expiry; then the next caller
 * refreshes it (one refresh at a time; callers meanwhile wait for it rather than each fetching
 * one). When a refresh fails while the current token is still valid, the current token is used and
 * the next call tries again; when it fails with no valid token, the call fails: {@link
 * AuthenticationException} when the token endpoint refused the credentials (4xx), {@link
 * UpstreamServerException} for its 5xx, {@link ConnectionException} when it could not be reached.
 * Expiry is kept on this object's {@link Clock} (the token's lifetime as the library reports it,
 * from the moment it arrived), so tests drive refreshes with an injected clock. Thread-safe.
 */
final class AccessTokens {
  /** Tokens live an hour; refreshing five minutes early keeps requests off the edge. */
  static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);

  /** Used when the library reports no expiry. */
  private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(10);

  private final Supplier<GoogleCredentials> credentials;
  private final Clock clock;
  private final Duration refreshMargin;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Cached current;
  private volatile GoogleCredentials resolved;

  private record Cached(String value, Instant expiresAt) {}

  AccessTokens(Supplier<GoogleCredentials> credentials, Clock clock, Duration refreshMargin) {
    this.credentials = credentials;
    this.clock = clock;
    this.refreshMargin = refreshMargin;
  }

  /** The credentials (resolved on first use: ADC may look for a metadata server). */
  GoogleCredentials credentials() {
    GoogleCredentials c = resolved;
    if (c == null) {
      lock.lock();
      try {
        c = resolved;
        if (c == null) {
          c = credentials.get();
          resolved = c;
        }
      } finally {
        lock.unlock();
      }
    }
    return c;
  }

  /** A valid access token, refreshed first when it is within the margin of its expiry. */
  String token() {
    Cached c = current;
    if (c != null && clock.instant().isBefore(c.expiresAt.minus(refreshMargin))) {
      return c.value;
    }
    lock.lock();
    try {
      c = current;
      Instant now = clock.instant();
      if (c != null && now.isBefore(c.expiresAt.minus(refreshMargin))) {
        return c.value;
      }
      try {
        AccessToken fresh = credentials().refreshAccessToken();
        if (fresh == null || fresh.getTokenValue() == null) {
          throw new AuthenticationException(
              "vertex_ai: the credentials produced no access token", "oauth2", null, null);
        }
        Cached next =
            new Cached(fresh.getTokenValue(), now.plus(lifetime(fresh.getExpirationTime())));
        current = next;
        return next.value;
      } catch (IOException | RuntimeException e) {
        if (c != null && now.isBefore(c.expiresAt)) {
          return c.value; // still valid: use it, try again on the next call
        }
        throw e instanceof LlmException le ? le : map(e);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The token's remaining lifetime as reported (the library stamps expiry with the system clock).
   */
  private static Duration lifetime(Date expiration) {
    if (expiration == null) {
      return UNKNOWN_LIFETIME;
    }
    Duration d = Duration.between(Instant.now(), expiration.toInstant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  static LlmException map(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException h) {
        int status = h.getStatusCode();
        String message =
            "vertex_ai: the OAuth2 token endpoint answered "
                + status
                + ": "
                + firstLine(h.getContent());
        if (status >= 400 && status < 500) {
          return new AuthenticationException(message, "oauth2", status, e);
        }
        return new UpstreamServerException(message, status, e);
      }
    }
    if (e instanceof IOException io) {
      return new ConnectionException(
          "vertex_ai: could not obtain an access token: " + io.getMessage(), io);
    }
    return new AuthenticationException(
        "vertex_ai: could not obtain an access token: " + e.getMessage(), "oauth2", null, e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
