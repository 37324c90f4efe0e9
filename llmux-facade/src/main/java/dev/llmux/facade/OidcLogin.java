package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's sign-in through an OpenID provider: the authorization code flow with PKCE ({@code
 * S256}), {@code state} and {@code nonce} (OpenID Connect Core 1.0, RFC 7636).
 *
 * <ol>
 *   <li>{@link #start()}: a pending sign-in (random {@code state}, {@code nonce} and PKCE verifier,
 *       kept here for 10 minutes, at most {@value #MAX_PENDING}) and the provider's authorization
 *       URL. The pending sign-in's id goes to the browser in a short-lived cookie, so only the
 *       browser that started a sign-in can finish it.
 *   <li>{@link #finish}: the provider sent the browser back with a code; {@code state} must be the
 *       pending sign-in's (compared in constant time; each is used once); the code is exchanged at
 *       the token endpoint (with the verifier, and the client secret when there is one); the ID
 *       token is verified with Nimbus (signature against the provider's JWK set, issuer, audience =
 *       the client id, {@code azp}, expiry, {@code nonce}); its user is synced into the database as
 *       a JWT's would be, and a session credential is issued.
 *   <li>{@link #logoutUrl}: RP-initiated logout at the provider's {@code end_session_endpoint} when
 *       the discovery document offers one.
 * </ol>
 */
final class OidcLogin {
  private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

  /** The cookie that binds a pending sign-in to the browser that started it. */
  static final String LOGIN_COOKIE = "llmux_sso_login";

  static final Duration LOGIN_TTL = Duration.ofMinutes(10);
  static final int MAX_PENDING = 4096;

  /** A sign-in that did not finish: {@code code} is what the dashboard is told (a fixed word). */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    Failed(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** A started sign-in: where to send the browser, and the id for its cookie. */
  record Start(URI authorizationUrl, String loginId) {}

  /** A finished sign-in. */
  record Done(SsoIdentity identity, String credential) {}

  private record Pending(String state, String nonce, String verifier, Instant expires) {}

  private final AuthConfig.Oidc config;
  private final SsoAuth sso;
  private final IdpHttp http;
  private final Clock clock;
  private final Discovery discovery;
  private final JwtVerifier idTokens;
  private final SecureRandom random = new SecureRandom();
  private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();

  OidcLogin(AuthConfig.Oidc config, SsoAuth sso, IdpHttp http, Clock clock) {
    this.config = config;
    this.sso = sso;
    this.http = http;
    this.clock = clock;
    this.discovery =
        new Discovery(config.issuer(), http, clock, AuthConfig.DEFAULT_JWKS_REFRESH_INTERVAL);
    JwksSource keys =
        new JwksSource(
            () -> discovery.get().jwksUri(),
            http,
            clock,
            AuthConfig.DEFAULT_JWKS_CACHE_TTL,
            AuthConfig.DEFAULT_JWKS_REFRESH_INTERVAL);
    this.idTokens =
        new JwtVerifier(
            "ID token",
            config.issuer(),
            config.clientId(),
            AuthConfig.ALGORITHMS,
            AuthConfig.DEFAULT_LEEWAY,
            keys,
            clock);
  }

  AuthConfig.Oidc config() {
    return config;
  }

  /**
   * A new pending sign-in and the URL that starts it at the provider.
   *
   * @throws Failed {@code idp_unavailable} when the provider's metadata cannot be fetched
   */
  Start start() throws Failed {
    Discovery.Metadata m = metadata();
    if (m.authorizationEndpoint() == null || m.tokenEndpoint() == null) {
      throw new Failed(
          "idp_unavailable",
          "the provider's discovery document has no authorization_endpoint or token_endpoint");
    }
    String loginId = token();
    Pending p = new Pending(token(), token(), token(), clock.instant().plus(LOGIN_TTL));
    synchronized (pending) {
      purge(clock.instant());
      pending.put(loginId, p);
      for (Iterator<String> it = pending.keySet().iterator();
          pending.size() > MAX_PENDING && it.hasNext(); ) {
        it.next();
        it.remove();
      }
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", config.clientId());
    q.put("redirect_uri", config.redirectUri().toString());
    q.put("scope", String.join(" ", config.scopes()));
    q.put("state", p.state());
    q.put("nonce", p.nonce());
    q.put("code_challenge", challenge(p.verifier()));
    q.put("code_challenge_method", "S256");
    return new Start(withQuery(m.authorizationEndpoint(), q), loginId);
  }

  /**
   * Finishes the sign-in the browser's cookie names.
   *
   * @param loginId the {@link #LOGIN_COOKIE} cookie, or {@code null}
   * @param state, code, error the callback's query parameters ({@code error} from the provider)
   * @throws Failed with a code the dashboard shows a message for
   */
  Done finish(String loginId, String state, String code, String error) throws Failed {
    Pending p;
    synchronized (pending) {
      p = loginId == null ? null : pending.remove(loginId);
    }
    if (p == null || !clock.instant().isBefore(p.expires())) {
      throw new Failed(
          "login_expired",
          "no sign-in in progress for this browser (it took over "
              + LOGIN_TTL.toMinutes()
              + " minutes, was used already, or cookies are blocked)");
    }
    if (!SsoAuth.same(p.state(), state)) {
      throw new Failed("state_mismatch", "the state parameter is not this sign-in's");
    }
    if (error != null) {
      throw new Failed("idp_error", "the provider answered error=" + error);
    }
    if (code == null || code.isEmpty()) {
      throw new Failed("idp_error", "the provider sent no code");
    }
    Discovery.Metadata m = metadata();
    String idToken = exchange(m, code, p.verifier());
    JWTClaimsSet claims;
    SsoIdentity id;
    try {
      claims = idTokens.verify(idToken, p.nonce());
      id = SsoIdentity.from(claims, config.claims(), "ID token");
    } catch (JwtVerifier.Refused r) {
      throw new Failed("id_token", r.getMessage());
    } catch (JwtVerifier.KeysUnavailable e) {
      throw new Failed("idp_unavailable", e.getMessage());
    }
    try {
      sso.signInUser(id, config.issuer());
    } catch (ApiErrorException e) {
      throw new Failed(e.error().status() == 401 ? "refused" : "unavailable", e.error().message());
    }
    return new Done(id, sso.issueCredential(id, idToken));
  }

  /**
   * Where to send the browser to end its session at the provider too, or {@code null} when the
   * provider offers no {@code end_session_endpoint} (or its metadata cannot be fetched now).
   */
  URI logoutUrl(SsoAuth.SignIn signIn) {
    Discovery.Metadata m;
    try {
      m = discovery.get();
    } catch (IOException e) {
      log.warn("single sign-on: no logout at the provider: {}", e.getMessage());
      return null;
    }
    if (m.endSessionEndpoint() == null) {
      return null;
    }
    Map<String, String> q = new LinkedHashMap<>();
    if (signIn != null && signIn.idToken() != null) {
      q.put("id_token_hint", signIn.idToken());
    }
    q.put("client_id", config.clientId());
    q.put("post_logout_redirect_uri", config.postLogoutRedirectUri().toString());
    return withQuery(m.endSessionEndpoint(), q);
  }

  /** The code exchanged for the ID token at the token endpoint. */
  private String exchange(Discovery.Metadata m, String code, String verifier) throws Failed {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", config.redirectUri().toString());
    form.put("code_verifier", verifier);
    String basicUser = null;
    String basicPassword = null;
    if (config.clientSecret() == null) {
      form.put("client_id", config.clientId()); // a public client
    } else if (m.secretPost()) {
      form.put("client_id", config.clientId());
      form.put("client_secret", config.clientSecret());
    } else {
      basicUser = config.clientId();
      basicPassword = config.clientSecret();
    }
    IdpHttp.Answer a;
    try {
      a = http.postForm(m.tokenEndpoint(), form, basicUser, basicPassword);
    } catch (IOException e) {
      throw new Failed("idp_unavailable", "the token endpoint failed: " + e.getMessage());
    }
    JsonNode body;
    try {
      body = IdpHttp.object(m.tokenEndpoint(), a.body());
    } catch (IOException e) {
      throw new Failed(
          "token_exchange", "the token endpoint answered " + a.status() + " without JSON");
    }
    if (a.status() != 200) {
      throw new Failed(
          "token_exchange",
          "the token endpoint answered "
              + a.status()
              + " "
              + body.path("error").asText("")
              + ": "
              + body.path("error_description").asText(""));
    }
    JsonNode idToken = body.get("id_token");
    if (idToken == null || !idToken.isTextual()) {
      throw new Failed(
          "token_exchange", "the token endpoint's answer has no id_token (is 'openid' a scope?)");
    }
    return idToken.textValue();
  }

  private Discovery.Metadata metadata() throws Failed {
    try {
      return discovery.get();
    } catch (IOException e) {
      throw new Failed("idp_unavailable", "the provider's metadata: " + e.getMessage());
    }
  }

  private void purge(Instant now) {
    pending.values().removeIf(p -> !now.isBefore(p.expires()));
  }

  /** Pending sign-ins held (for tests). */
  int pending() {
    synchronized (pending) {
      return pending.size();
    }
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code BASE64URL(SHA-256(verifier))} (RFC 7636, section 4.2). */
  static String challenge(String verifier) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static URI withQuery(URI base, Map<String, String> params) {
    StringBuilder s = new StringBuilder(base.toString());
    char sep = base.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      s.append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return URI.create(s.toString());
  }
}
