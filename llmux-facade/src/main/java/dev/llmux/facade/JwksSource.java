package dev.llmux.facade;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity provider's signing keys (its JWK set), for Nimbus's key selection: fetched on first
 * use, used for {@code ttl}, fetched again when a token names a key ({@code kid}) the set does not
 * have (key rotation), but at most once per {@code refreshInterval}, so tokens with made-up key ids
 * cannot make LLMux hammer the provider. A set that cannot be fetched again is kept (the provider
 * being down does not stop tokens signed with known keys). Only public keys are kept. Time comes
 * from the injected clock.
 */
final class JwksSource implements JWKSource<SecurityContext> {
  private static final Logger log = LoggerFactory.getLogger(JwksSource.class);

  /** Where the set is: a configured URL, or the discovery document's {@code jwks_uri}. */
  @FunctionalInterface
  interface Location {
    URI get() throws IOException;
  }

  private final Location location;
  private final IdpHttp http;
  private final Clock clock;
  private final Duration ttl;
  private final Duration refreshInterval;

  private volatile JWKSet set;
  private volatile Instant fetchedAt = Instant.MIN;
  private Instant lastAttempt = Instant.MIN;
  private int fetches;

  JwksSource(Location location, IdpHttp http, Clock clock, Duration ttl, Duration refreshInterval) {
    this.location = location;
    this.http = http;
    this.clock = clock;
    this.ttl = ttl;
    this.refreshInterval = refreshInterval;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKSet current = set;
    if (current == null || !clock.instant().isBefore(fetchedAt.plus(ttl))) {
      current = refresh(current, false);
    }
    List<JWK> found = selector.select(current);
    if (found.isEmpty()) {
      // an unknown kid: the provider may have rotated its keys
      JWKSet fresh = refresh(current, true);
      if (fresh != current) {
        found = selector.select(fresh);
      }
    }
    return found;
  }

  /** How many times the set was fetched (for tests). */
  synchronized int fetches() {
    return fetches;
  }

  /**
   * A newer set, or {@code seen} when none may or can be fetched now.
   *
   * @param unknownKey whether a token named a key {@code seen} does not have (rate-limited)
   */
  private synchronized JWKSet refresh(JWKSet seen, boolean unknownKey) throws KeySourceException {
    JWKSet now = set;
    if (now != seen && now != null) {
      return now; // another thread fetched meanwhile
    }
    Instant t = clock.instant();
    boolean expired = now == null || !t.isBefore(fetchedAt.plus(ttl));
    if (!expired && !unknownKey) {
      return now;
    }
    if (t.isBefore(lastAttempt.plus(refreshInterval))) {
      if (now == null) {
        throw new KeySourceException(
            "the identity provider's keys could not be fetched (tried less than "
                + refreshInterval.toSeconds()
                + "s ago)");
      }
      return now;
    }
    lastAttempt = t;
    URI url;
    JWKSet fetched;
    try {
      url = location.get();
      fetches++;
      fetched = JWKSet.parse(http.get(url)).toPublicJWKSet();
    } catch (IOException | ParseException e) {
      log.warn("fetching the identity provider's JWK set failed: {}", e.getMessage());
      if (now == null) {
        throw new KeySourceException(
            "the identity provider's keys could not be fetched: " + e.getMessage(), e);
      }
      return now; // keep the keys we have
    }
    set = fetched;
    fetchedAt = t;
    log.debug("fetched {} keys from {}", fetched.getKeys().size(), url);
    return fetched;
  }
}
