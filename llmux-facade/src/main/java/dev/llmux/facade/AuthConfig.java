package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.UserRole;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The facade's {@code auth} section: single sign-on beside API keys. Immutable.
 *
 * <pre>{@code
 * auth:
 *   jwt:                      # JWT bearer tokens on the OpenAI endpoints and the management API
 *     issuer: https://idp.example.com/realms/acme
 *     audience: llmux
 *   oidc:                     # "Sign in with SSO" on the dashboard
 *     issuer: https://idp.example.com/realms/acme
 *     client_id: llmux-dashboard
 *     client_secret: ${OIDC_CLIENT_SECRET}
 *     redirect_uri: https://llmux.example.com/ui/sso/callback
 * }</pre>
 *
 * Both need the {@code database} section (a token's principal is stored as a user). See {@code
 * docs/security.md}.
 *
 * @param jwt the {@code auth.jwt} section, or {@code null} (bearer tokens are API keys only)
 * @param oidc the {@code auth.oidc} section, or {@code null} (the dashboard signs in with keys
 *     only)
 */
public record AuthConfig(Jwt jwt, Oidc oidc) {
  /** The top-level section name. */
  public static final String SECTION = "auth";

  /** No single sign-on: today's behaviour. */
  public static final AuthConfig NONE = new AuthConfig(null, null);

  /** The JWS algorithms a token may be signed with (asymmetric only: no HMAC, never none). */
  public static final List<String> ALGORITHMS =
      List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  public static final Duration MAX_LEEWAY = Duration.ofMinutes(10);
  public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofSeconds(30);
  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");

  /** The path the OIDC provider redirects back to (the path of {@code auth.oidc.redirect_uri}). */
  public static final String CALLBACK_PATH = "/ui/sso/callback";

  private static final Set<String> KEYS = Set.of("jwt", "oidc");
  private static final Set<String> CLAIM_KEYS =
      Set.of("user_claim", "role_claim", "team_claim", "org_claim", "default_role");
  private static final Set<String> JWT_KEYS =
      union(
          CLAIM_KEYS,
          Set.of(
              "issuer",
              "jwks_url",
              "audience",
              "leeway",
              "algorithms",
              "jwks_cache_ttl",
              "jwks_refresh_interval"));
  private static final Set<String> OIDC_KEYS =
      union(
          CLAIM_KEYS,
          Set.of(
              "issuer",
              "client_id",
              "client_secret",
              "redirect_uri",
              "scopes",
              "post_logout_redirect_uri"));

  /**
   * {@code auth.jwt}: bearer tokens that look like a JWT (three base64url segments) are verified as
   * one; anything else is an API key.
   *
   * @param issuer required; must equal the token's {@code iss}
   * @param jwksUrl where the signing keys are, or {@code null}: discovered from {@code
   *     <issuer>/.well-known/openid-configuration}
   * @param audience required; the token's {@code aud} must contain it
   * @param claims which claims make the user, role, teams and organizations
   * @param leeway clock skew allowed on {@code exp}, {@code nbf} and {@code iat} (default 30 s)
   * @param algorithms the accepted JWS algorithms (default {@link #ALGORITHMS})
   * @param jwksCacheTtl how long the fetched JWK set is used before it is fetched again (default 5
   *     min)
   * @param jwksRefreshInterval the shortest time between two fetches of the JWK set caused by a
   *     token whose {@code kid} is unknown (default 30 s)
   */
  public record Jwt(
      String issuer,
      URI jwksUrl,
      String audience,
      ClaimMapping claims,
      Duration leeway,
      List<String> algorithms,
      Duration jwksCacheTtl,
      Duration jwksRefreshInterval) {
    public Jwt {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(claims, "claims");
      Objects.requireNonNull(leeway, "leeway");
      algorithms = algorithms == null ? ALGORITHMS : List.copyOf(algorithms);
      Objects.requireNonNull(jwksCacheTtl, "jwksCacheTtl");
      Objects.requireNonNull(jwksRefreshInterval, "jwksRefreshInterval");
    }

    /** The defaults for {@code issuer} and {@code audience} (discovery, standard claims). */
    public static Jwt of(String issuer, String audience) {
      return new Jwt(
          issuer,
          null,
          audience,
          ClaimMapping.defaults(),
          DEFAULT_LEEWAY,
          ALGORITHMS,
          DEFAULT_JWKS_CACHE_TTL,
          DEFAULT_JWKS_REFRESH_INTERVAL);
    }

    /** The discovery document's URL. */
    URI discoveryUrl() {
      return AuthConfig.discoveryUrl(issuer);
    }
  }

  /**
   * {@code auth.oidc}: the dashboard's "Sign in with SSO" (authorization code flow with PKCE,
   * {@code state} and {@code nonce}).
   *
   * @param issuer the provider; its endpoints come from {@code
   *     <issuer>/.well-known/openid-configuration}
   * @param clientId this client's id at the provider (the ID token's audience)
   * @param clientSecret the client's secret, or {@code null} for a public client (PKCE only)
   * @param redirectUri where the provider sends the browser back: this facade's {@code
   *     /ui/sso/callback}, as the browser reaches it
   * @param scopes asked for (default {@code openid profile email}; {@code openid} is required)
   * @param claims which ID token claims make the user (defaults: those of {@code auth.jwt} when
   *     set)
   * @param postLogoutRedirectUri where the provider sends the browser after sign-out (default:
   *     {@code /ui/} at the origin of {@code redirectUri})
   */
  public record Oidc(
      String issuer,
      String clientId,
      String clientSecret,
      URI redirectUri,
      List<String> scopes,
      ClaimMapping claims,
      URI postLogoutRedirectUri) {
    public Oidc {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(redirectUri, "redirectUri");
      scopes = scopes == null ? DEFAULT_SCOPES : List.copyOf(scopes);
      Objects.requireNonNull(claims, "claims");
      if (postLogoutRedirectUri == null) {
        postLogoutRedirectUri = redirectUri.resolve("/ui/");
      }
    }

    /** The defaults with these required values. */
    public static Oidc of(String issuer, String clientId, String clientSecret, URI redirectUri) {
      return new Oidc(
          issuer, clientId, clientSecret, redirectUri, null, ClaimMapping.defaults(), null);
    }

    URI discoveryUrl() {
      return AuthConfig.discoveryUrl(issuer);
    }

    @Override
    public String toString() {
      return "Oidc[issuer="
          + issuer
          + ", clientId="
          + clientId
          + ", clientSecret="
          + (clientSecret == null ? "none" : "***")
          + ", redirectUri="
          + redirectUri
          + ", scopes="
          + scopes
          + ", claims="
          + claims
          + ", postLogoutRedirectUri="
          + postLogoutRedirectUri
          + "]";
    }
  }

  /** Whether neither {@code jwt} nor {@code oidc} is set. */
  public boolean isEmpty() {
    return jwt == null && oidc == null;
  }

  static URI discoveryUrl(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + "/.well-known/openid-configuration");
  }

  // ---------------------------------------------------------------- reading the YAML

  /**
   * Reads the section ({@code null} or missing: {@link #NONE}). Errors are {@link
   * IllegalArgumentException}s naming the key ({@code auth.jwt.audience: required}).
   */
  public static AuthConfig fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NONE;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("auth: expected a mapping {jwt, oidc}");
    }
    unknown(node, KEYS, "auth.");
    Jwt jwt = SectionValues.has(node, "jwt") ? jwt(node.get("jwt")) : null;
    Oidc oidc =
        SectionValues.has(node, "oidc")
            ? oidc(node.get("oidc"), jwt == null ? ClaimMapping.defaults() : jwt.claims())
            : null;
    return new AuthConfig(jwt, oidc);
  }

  private static Jwt jwt(JsonNode n) {
    String w = "auth.jwt.";
    if (!n.isObject()) {
      throw new IllegalArgumentException(
          "auth.jwt: expected a mapping {" + SectionValues.sorted(JWT_KEYS) + "}");
    }
    unknown(n, JWT_KEYS, w);
    String issuer = required(n, "issuer", w);
    URI jwksUrl =
        SectionValues.has(n, "jwks_url") ? httpUrl(n.get("jwks_url"), w + "jwks_url") : null;
    if (jwksUrl == null) {
      httpUrl(
          issuer,
          w + "issuer",
          " (or set auth.jwt.jwks_url: without it the keys are found"
              + " through the issuer's /.well-known/openid-configuration)");
    }
    String audience = required(n, "audience", w);
    ClaimMapping claims = claims(n, w, ClaimMapping.defaults());
    Duration leeway =
        SectionValues.has(n, "leeway")
            ? SectionValues.duration(n.get("leeway"), w + "leeway")
            : DEFAULT_LEEWAY;
    if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
      throw new IllegalArgumentException(
          w + "leeway: must be between 0s and " + MAX_LEEWAY.toMinutes() + "m, got " + leeway);
    }
    List<String> algorithms = ALGORITHMS;
    if (SectionValues.has(n, "algorithms")) {
      algorithms = new ArrayList<>();
      for (String a : strings(n.get("algorithms"), w + "algorithms")) {
        String alg = a.trim().toUpperCase(Locale.ROOT);
        if (!ALGORITHMS.contains(alg)) {
          throw new IllegalArgumentException(
              w
                  + "algorithms: '"
                  + a
                  + "' is not accepted (HMAC and 'none' never are; allowed: "
                  + String.join(", ", ALGORITHMS)
                  + ")");
        }
        algorithms.add(alg);
      }
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException(w + "algorithms: must name at least one algorithm");
      }
    }
    Duration ttl = positive(n, "jwks_cache_ttl", w, DEFAULT_JWKS_CACHE_TTL);
    Duration refresh =
        SectionValues.has(n, "jwks_refresh_interval")
            ? SectionValues.duration(n.get("jwks_refresh_interval"), w + "jwks_refresh_interval")
            : DEFAULT_JWKS_REFRESH_INTERVAL;
    if (refresh.isNegative()) {
      throw new IllegalArgumentException(w + "jwks_refresh_interval: must not be negative");
    }
    return new Jwt(issuer, jwksUrl, audience, claims, leeway, algorithms, ttl, refresh);
  }

  private static Oidc oidc(JsonNode n, ClaimMapping inherited) {
    String w = "auth.oidc.";
    if (!n.isObject()) {
      throw new IllegalArgumentException(
          "auth.oidc: expected a mapping {" + SectionValues.sorted(OIDC_KEYS) + "}");
    }
    unknown(n, OIDC_KEYS, w);
    String issuer = required(n, "issuer", w);
    httpUrl(
        issuer,
        w + "issuer",
        " (its endpoints are found through /.well-known/openid-configuration)");
    String clientId = required(n, "client_id", w);
    String secret =
        SectionValues.has(n, "client_secret")
            ? SectionValues.text(n.get("client_secret"), w + "client_secret")
            : null;
    if (secret != null && secret.isEmpty()) {
      secret = null; // ${OIDC_CLIENT_SECRET:-} unset: a public client
    }
    if (!SectionValues.has(n, "redirect_uri")) {
      throw new IllegalArgumentException(
          w
              + "redirect_uri: required (this facade's "
              + CALLBACK_PATH
              + " as the browser reaches it, e.g. https://llmux.example.com"
              + CALLBACK_PATH
              + ")");
    }
    URI redirect = httpUrl(n.get("redirect_uri"), w + "redirect_uri");
    if (!CALLBACK_PATH.equals(redirect.getPath())
        || redirect.getRawQuery() != null
        || redirect.getRawFragment() != null) {
      throw new IllegalArgumentException(
          w + "redirect_uri: must end in " + CALLBACK_PATH + " (no query), got " + redirect);
    }
    List<String> scopes = DEFAULT_SCOPES;
    if (SectionValues.has(n, "scopes")) {
      LinkedHashSet<String> s = new LinkedHashSet<>();
      for (String v : strings(n.get("scopes"), w + "scopes")) {
        for (String part : v.trim().split("\\s+")) {
          if (!part.isEmpty()) {
            s.add(part);
          }
        }
      }
      if (!s.contains("openid")) {
        throw new IllegalArgumentException(
            w + "scopes: must contain 'openid' (got " + String.join(" ", s) + ")");
      }
      scopes = List.copyOf(s);
    }
    ClaimMapping claims = claims(n, w, inherited);
    URI postLogout =
        SectionValues.has(n, "post_logout_redirect_uri")
            ? httpUrl(n.get("post_logout_redirect_uri"), w + "post_logout_redirect_uri")
            : null;
    return new Oidc(issuer, clientId, secret, redirect, scopes, claims, postLogout);
  }

  private static ClaimMapping claims(JsonNode n, String w, ClaimMapping d) {
    String user = optionalText(n, "user_claim", w, d.userClaim());
    String role = optionalText(n, "role_claim", w, d.roleClaim());
    String team = optionalText(n, "team_claim", w, d.teamClaim());
    String org = optionalText(n, "org_claim", w, d.orgClaim());
    UserRole defaultRole = d.defaultRole();
    if (SectionValues.has(n, "default_role")) {
      String r = SectionValues.text(n.get("default_role"), w + "default_role");
      try {
        defaultRole = UserRole.fromKey(r);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(w + "default_role: " + e.getMessage(), e);
      }
    }
    if (user == null) {
      throw new IllegalArgumentException(w + "user_claim: must not be empty");
    }
    if (role == null) {
      throw new IllegalArgumentException(w + "role_claim: must not be empty");
    }
    return new ClaimMapping(user, role, team, org, defaultRole);
  }

  private static String optionalText(JsonNode n, String key, String w, String dflt) {
    if (!SectionValues.has(n, key)) {
      return dflt;
    }
    String v = SectionValues.text(n.get(key), w + key).trim();
    return v.isEmpty() ? null : v;
  }

  private static String required(JsonNode n, String key, String w) {
    if (!SectionValues.has(n, key)) {
      throw new IllegalArgumentException(w + key + ": required");
    }
    String v = SectionValues.text(n.get(key), w + key).trim();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(w + key + ": required (it is empty)");
    }
    return v;
  }

  private static Duration positive(JsonNode n, String key, String w, Duration dflt) {
    if (!SectionValues.has(n, key)) {
      return dflt;
    }
    Duration d = SectionValues.duration(n.get(key), w + key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(w + key + ": must be positive, got " + d);
    }
    return d;
  }

  private static List<String> strings(JsonNode n, String where) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!e.isTextual()) {
          throw new IllegalArgumentException(where + ": expected a list of strings, got " + n);
        }
        out.add(e.textValue());
      }
    } else if (n.isTextual()) {
      out.add(n.textValue());
    } else {
      throw new IllegalArgumentException(where + ": expected a list of strings, got " + n);
    }
    return out;
  }

  private static URI httpUrl(JsonNode n, String where) {
    return httpUrl(SectionValues.text(n, where).trim(), where, "");
  }

  private static URI httpUrl(String s, String where, String hint) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(where + ": not a URL: '" + s + "'" + hint, e);
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
      throw new IllegalArgumentException(
          where + ": expected an http(s) URL, got '" + s + "'" + hint);
    }
    return u;
  }

  private static void unknown(JsonNode n, Set<String> known, String prefix) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException(
            prefix + f + ": unknown key (known: " + SectionValues.sorted(known) + ")");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }
}
