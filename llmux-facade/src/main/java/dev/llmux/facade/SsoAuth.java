package dev.llmux.facade;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.llmux.facade.admin.Failure;
import dev.llmux.jdbc.LlmuxDatabase;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single sign-on principals beside API keys, for the OpenAI endpoints, the management API and the
 * dashboard:
 *
 * <ul>
 *   <li>with {@code auth.jwt}, a bearer token that looks like a JWT is verified ({@link
 *       JwtVerifier}) and its user synced into the database ({@link SsoUsers});
 *   <li>with {@code auth.oidc}, a dashboard session signed in through the provider presents a
 *       credential of its own ({@code llmux-sso-...}, 256 random bits, never sent to the browser)
 *       that stands for the user until the session ends.
 * </ul>
 *
 * A presented credential that is neither is left to the key checks ({@link #authenticate} answers
 * {@code null}).
 */
final class SsoAuth {
  private static final Logger log = LoggerFactory.getLogger(SsoAuth.class);

  /** How a dashboard session's credential starts. */
  static final String CREDENTIAL_PREFIX = "llmux-sso-";

  /** A dashboard session's sign-in, kept server-side. */
  record SignIn(String userId, SsoIdentity identity, String idToken, Instant expires) {}

  private final AuthConfig config;
  private final SsoUsers users;
  private final Clock clock;
  private final JwtVerifier jwt;
  private final OidcLogin oidc;
  private final SecureRandom random = new SecureRandom();
  private final int maxSignIns;
  private final Duration signInLifetime;

  /** Credential to sign-in, in access order (the eldest is the least recently used). */
  private final LinkedHashMap<String, SignIn> signIns = new LinkedHashMap<>(64, 0.75f, true);

  SsoAuth(AuthConfig config, LlmuxDatabase db, UiSettings ui, Clock clock, Duration userCacheTtl) {
    this.config = config;
    this.clock = clock;
    this.users = new SsoUsers(db, userCacheTtl);
    this.maxSignIns = ui.maxSessions();
    this.signInLifetime = ui.sessionMaxAge();
    IdpHttp http = new IdpHttp();
    AuthConfig.Jwt j = config.jwt();
    if (j != null) {
      JwksSource.Location where;
      if (j.jwksUrl() != null) {
        where = j::jwksUrl;
      } else {
        Discovery d = new Discovery(j.issuer(), http, clock, j.jwksRefreshInterval());
        where = () -> d.get().jwksUri();
      }
      JwksSource keys =
          new JwksSource(where, http, clock, j.jwksCacheTtl(), j.jwksRefreshInterval());
      this.jwt =
          new JwtVerifier("JWT", j.issuer(), j.audience(), j.algorithms(), j.leeway(), keys, clock);
    } else {
      this.jwt = null;
    }
    this.oidc = config.oidc() == null ? null : new OidcLogin(config.oidc(), this, http, clock);
  }

  /** Whether bearer tokens may be JWTs ({@code auth.jwt} is set). */
  boolean jwtEnabled() {
    return jwt != null;
  }

  /** The dashboard's OIDC login, or {@code null} without {@code auth.oidc}. */
  OidcLogin oidc() {
    return oidc;
  }

  /**
   * The user {@code presented} stands for: a JWT (with {@code auth.jwt}) or a dashboard session's
   * credential; {@code null} when it is neither (an API key, to be checked as one).
   *
   * @throws ApiErrorException 401 for a token that fails a check (the message says which) or a
   *     session that ended; 503 when the provider's keys or the database cannot be reached
   */
  SsoUsers.Member authenticate(String presented) {
    if (presented == null) {
      return null;
    }
    if (presented.startsWith(CREDENTIAL_PREFIX)) {
      return signedIn(presented);
    }
    if (jwt == null || !JwtVerifier.looksLikeJwt(presented)) {
      return null;
    }
    JWTClaimsSet claims;
    SsoIdentity id;
    try {
      claims = jwt.verify(presented, null);
      id = SsoIdentity.from(claims, config.jwt().claims(), "JWT");
    } catch (JwtVerifier.Refused r) {
      log.debug("JWT refused ({}): {}", r.check, r.getMessage());
      throw new ApiErrorException(refusal(r.getMessage()));
    } catch (JwtVerifier.KeysUnavailable e) {
      log.warn("JWT not verified: {}", e.getMessage());
      throw new ApiErrorException(
          ApiError.unavailable(
              "The identity provider's signing keys cannot be fetched, so the JWT cannot be"
                  + " verified; try again later",
              "idp_unavailable"));
    }
    return member(users(() -> users.sync(id, config.jwt().issuer(), "jwt")));
  }

  /** A sign-in's member, or 401 when its session ended. */
  private SsoUsers.Member signedIn(String credential) {
    SignIn s = signIn(credential);
    if (s == null) {
      throw new ApiErrorException(
          ApiError.unauthorized("The single sign-on session ended: sign in again"));
    }
    SsoUsers.Member m = users(() -> users.find(s.userId(), s.identity()));
    if (m == null) {
      throw new ApiErrorException(
          ApiError.unauthorized(
              "The user '" + s.userId() + "' of this single sign-on session no longer exists"));
    }
    return member(m);
  }

  private static SsoUsers.Member member(SsoUsers.Member m) {
    String refusal = m.refusal();
    if (refusal != null) {
      throw new ApiErrorException(ApiError.unauthorized(refusal));
    }
    return m;
  }

  /** Runs a database step: a database that cannot be reached is 503. */
  private static SsoUsers.Member users(java.util.function.Supplier<SsoUsers.Member> step) {
    try {
      return step.get();
    } catch (ApiErrorException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn("single sign-on: the user database failed: {}", e.toString());
      throw new ApiErrorException(
          ApiError.unavailable(
              "The user database is unavailable: " + e.getMessage(), "database_unavailable"));
    }
  }

  static ApiError refusal(String message) {
    return new ApiError(401, "authentication_error", message, null, "invalid_token", null);
  }

  /**
   * The management API's view: the user id {@code presented} stands for, or {@code null} when it is
   * an API key.
   *
   * @throws Failure as {@link #authenticate} would answer
   */
  String managementUser(String presented) {
    try {
      SsoUsers.Member m = authenticate(presented);
      return m == null ? null : m.userId();
    } catch (ApiErrorException e) {
      ApiError a = e.error();
      throw new Failure(a.status(), a.type(), a.message(), a.param(), a.code());
    }
  }

  // ---------------------------------------------------------------- dashboard sign-ins

  /** Syncs the user of a verified ID token (as for a JWT) and the member it is. */
  SsoUsers.Member signInUser(SsoIdentity id, String issuer) {
    return member(users(() -> users.sync(id, issuer, "oidc")));
  }

  /** A new credential for a dashboard session of {@code id}'s user. */
  String issueCredential(SsoIdentity id, String idToken) {
    byte[] b = new byte[UiSessions.ID_BYTES];
    random.nextBytes(b);
    String credential =
        CREDENTIAL_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Instant now = clock.instant();
    synchronized (signIns) {
      signIns.values().removeIf(s -> !now.isBefore(s.expires()));
      signIns.put(credential, new SignIn(id.userId(), id, idToken, now.plus(signInLifetime)));
      for (Iterator<String> it = signIns.keySet().iterator();
          signIns.size() > maxSignIns && it.hasNext(); ) {
        it.next();
        it.remove();
      }
    }
    return credential;
  }

  /** The live sign-in of {@code credential}, or {@code null}. */
  SignIn signIn(String credential) {
    Instant now = clock.instant();
    synchronized (signIns) {
      SignIn s = signIns.get(credential);
      if (s == null) {
        return null;
      }
      if (!now.isBefore(s.expires())) {
        signIns.remove(credential);
        return null;
      }
      return s;
    }
  }

  /** Ends a sign-in (dashboard sign-out); its sign-in, or {@code null}. */
  SignIn revoke(String credential) {
    if (credential == null) {
      return null;
    }
    synchronized (signIns) {
      return signIns.remove(credential);
    }
  }

  /** Sign-ins held (for tests). */
  int signIns() {
    synchronized (signIns) {
      return signIns.size();
    }
  }

  /** Constant-time equality of two strings (state values, tokens). */
  static boolean same(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
