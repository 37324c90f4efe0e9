package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.facade.UiSessions.Session;
import dev.llmux.facade.UiSessions.UiPrincipal;
import dev.llmux.facade.admin.CallerInfo;
import dev.llmux.facade.admin.Failure;
import dev.llmux.facade.admin.ManagementApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The dashboard, everything under {@code /ui}:
 *
 * <ul>
 *   <li>{@code /ui/}: the page; {@code /ui/assets/<version>/...}: its style sheet, ES modules and
 *       uPlot ({@link UiAssets}), cached for a year since the version is in the URL;
 *   <li>{@code /ui/api/session}: {@code POST {"api_key"}} signs in (a {@link UiSessions session} in
 *       an {@code HttpOnly} cookie), {@code GET} tells who is signed in with the session's CSRF
 *       token, {@code DELETE} signs out;
 *   <li>{@code /ui/api/<path>}: the facade's own API at {@code /<path>} (the management API, the
 *       OpenAI endpoints), called with the session: the request is served exactly as if it came
 *       with the session's key ({@link UiRequest}), so the same authentication, role checks and
 *       errors apply. A call that can change anything (any method but {@code GET}/{@code HEAD})
 *       must carry the session's CSRF token in {@code X-CSRF-Token} and must not come from another
 *       origin.
 * </ul>
 *
 * Every answer carries a strict Content-Security-Policy (no inline script or style, nothing from
 * another origin, no framing) and {@code X-Content-Type-Options}, {@code Referrer-Policy}.
 */
final class UiEndpoint implements Endpoint {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UiEndpoint.class);

  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String COOKIE = "llmux_session";

  /** A separate cookie on the admin port: browsers share cookies between ports of one host. */
  static final String ADMIN_COOKIE = "llmux_admin_session";

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self';"
          + " connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String API = "/ui/api";

  /** Starts the dashboard's single sign-on ({@code auth.oidc}): redirects to the provider. */
  static final String SSO_LOGIN = "/ui/sso/login";

  private static final String ASSETS = "/ui/assets/";
  private static final byte[] NOTHING = new byte[0];
  private static final int MAX_KEY_LENGTH = 4096;

  /** Serves a request as the facade would at its path (route, authentication, method, endpoint). */
  @FunctionalInterface
  interface Dispatcher {
    void serve(Exchange ex, boolean onAdminPort) throws IOException;
  }

  private final ServerConfig config;
  private final UiAssets assets;
  private final UiSessions sessions;
  private final Authenticator auth;
  private final BodyReader bodies;
  private final ManagementApi managementApi;
  private final SsoAuth sso;
  private final Dispatcher dispatcher;
  private final boolean adminPortSet;

  /**
   * @param managementApi the management API, or {@code null} without a database
   * @param sso single sign-on ({@code auth}), or {@code null}
   */
  UiEndpoint(
      ServerConfig config,
      UiAssets assets,
      UiSessions sessions,
      Authenticator auth,
      BodyReader bodies,
      ManagementApi managementApi,
      SsoAuth sso,
      Dispatcher dispatcher) {
    this.config = config;
    this.assets = assets;
    this.sessions = sessions;
    this.auth = auth;
    this.bodies = bodies;
    this.managementApi = managementApi;
    this.sso = sso;
    this.dispatcher = dispatcher;
    this.adminPortSet = config.adminPort() != null;
  }

  /** Sign-in and the API calls that can change anything carry a body. */
  @Override
  public boolean readsBody(String method) {
    return !safe(method);
  }

  @Override
  public void serve(Exchange ex, Authenticator.Principal principal) throws IOException {
    securityHeaders(ex.response.getHeaders());
    String path = ex.path;
    if (path.equals(API) || path.startsWith(API + "/")) {
      api(ex);
    } else if (path.equals("/ui")) {
      getOnly(ex);
      ex.response.getHeaders().put(HttpHeader.LOCATION, "/ui/");
      ex.sendBytes(308, "text/plain; charset=utf-8", "/ui/\n".getBytes(StandardCharsets.UTF_8));
    } else if (path.equals(SSO_LOGIN)) {
      getOnly(ex);
      ssoLogin(ex);
    } else if (path.equals(AuthConfig.CALLBACK_PATH)) {
      getOnly(ex);
      ssoCallback(ex);
    } else if (path.equals("/ui/") || path.equals("/ui/index.html")) {
      getOnly(ex);
      send(ex, assets.index(), "no-cache");
    } else if (path.startsWith(ASSETS)) {
      getOnly(ex);
      asset(ex, path.substring(ASSETS.length()));
    } else {
      throw new ApiErrorException(ApiError.notFound("Unknown path " + path, "unknown_url"));
    }
  }

  static void securityHeaders(HttpFields.Mutable h) {
    h.put("Content-Security-Policy", CSP);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("Referrer-Policy", "no-referrer");
    h.put("X-Frame-Options", "DENY");
    h.put("Cross-Origin-Opener-Policy", "same-origin");
    h.put("Cross-Origin-Resource-Policy", "same-origin");
    h.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
  }

  private static void getOnly(Exchange ex) {
    if (!ex.method.equals("GET") && !ex.method.equals("HEAD")) {
      throw ApiErrorException.methodNotAllowed(ex.method, ex.path, "GET, HEAD");
    }
  }

  /** {@code <version>/<name>}: the current version is immutable; another one is revalidated. */
  private void asset(Exchange ex, String rest) throws IOException {
    int slash = rest.indexOf('/');
    UiAssets.Asset a = slash <= 0 ? null : assets.asset(rest.substring(slash + 1));
    if (a == null) {
      throw new ApiErrorException(ApiError.notFound("Unknown path " + ex.path, "unknown_url"));
    }
    boolean current = rest.substring(0, slash).equals(assets.version());
    send(ex, a, current ? IMMUTABLE : "no-cache");
  }

  private static void send(Exchange ex, UiAssets.Asset a, String cacheControl) throws IOException {
    HttpFields.Mutable h = ex.response.getHeaders();
    boolean gzip = a.gzip() != null && acceptsGzip(ex.request.getHeaders());
    String etag = gzip ? a.etag().substring(0, a.etag().length() - 1) + "-gz\"" : a.etag();
    h.put(HttpHeader.CACHE_CONTROL, cacheControl);
    h.put(HttpHeader.ETAG, etag);
    if (a.gzip() != null) {
      h.put(HttpHeader.VARY, "Accept-Encoding");
    }
    if (etagMatches(ex.request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
      ex.sendBytes(304, a.contentType(), NOTHING);
      return;
    }
    if (gzip) {
      h.put(HttpHeader.CONTENT_ENCODING, "gzip");
    }
    ex.sendBytes(
        200, a.contentType(), ex.method.equals("HEAD") ? NOTHING : gzip ? a.gzip() : a.body());
  }

  static boolean acceptsGzip(HttpFields headers) {
    for (String v : headers.getCSV(HttpHeader.ACCEPT_ENCODING, false)) {
      String coding = v.trim();
      int semi = coding.indexOf(';');
      String name = (semi < 0 ? coding : coding.substring(0, semi)).trim();
      if (name.equalsIgnoreCase("gzip")) {
        return semi < 0 || !coding.substring(semi).replace(" ", "").startsWith(";q=0");
      }
    }
    return false;
  }

  static boolean etagMatches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String v = t.trim();
      if (v.startsWith("W/")) {
        v = v.substring(2);
      }
      if (v.equals(etag) || v.equals("*")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- the API with the session

  private void api(Exchange ex) throws IOException {
    HttpFields.Mutable h = ex.response.getHeaders();
    h.put(HttpHeader.CACHE_CONTROL, "no-store");
    boolean onAdminPort = onAdminPort(ex);
    String connector = onAdminPort ? FacadeServer.ADMIN_CONNECTOR : null;
    if (ex.path.equals(API + "/session")) {
      ex.route = API + "/session";
      session(ex, connector, onAdminPort);
      return;
    }
    Session s = sessions.find(sessionId(ex, onAdminPort), connector);
    if (s == null) {
      throw new ApiErrorException(
          ApiError.unauthorized("Not signed in to the dashboard, or the session ended"));
    }
    if (!safe(ex.method)) {
      sameOrigin(ex);
      csrf(ex, s);
    }
    String inner = ex.path.substring(API.length());
    if (inner.isEmpty() || inner.equals("/ui") || inner.startsWith("/ui/")) {
      throw new ApiErrorException(ApiError.notFound("Unknown path " + ex.path, "unknown_url"));
    }
    Exchange in =
        new Exchange(new UiRequest(ex.request, inner, s.principal.credential(), ex.requestId), ex);
    try {
      dispatcher.serve(in, onAdminPort);
    } finally {
      ex.route = in.route;
      ex.bodyRead |= in.bodyRead;
    }
  }

  private void session(Exchange ex, String connector, boolean onAdminPort) throws IOException {
    switch (ex.method) {
      case "GET", "HEAD" -> {
        Session s = sessions.find(sessionId(ex, onAdminPort), connector);
        // not an error: every visit starts by asking (and the page shows the sign-in form)
        ex.sendJson(200, s == null ? signedOut() : view(s, onAdminPort));
      }
      case "POST" -> signIn(ex, connector, onAdminPort);
      case "DELETE" -> {
        String id = sessionId(ex, onAdminPort);
        Session s = sessions.find(id, connector);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("signed_out", true);
        if (s != null) {
          sameOrigin(ex);
          csrf(ex, s);
          sessions.remove(s.id);
          if (sso != null && UiPrincipal.OIDC.equals(s.principal.source())) {
            // the session's credential ends with it; the provider's session ends there, when the
            // provider offers RP-initiated logout (the page navigates to this URL)
            SsoAuth.SignIn signIn = sso.revoke(s.principal.credential());
            java.net.URI logout = sso.oidc() == null ? null : sso.oidc().logoutUrl(signIn);
            if (logout != null) {
              answer.put("logout_url", logout.toString());
            }
          }
        }
        ex.response
            .getHeaders()
            .add(HttpHeader.SET_COOKIE, cookie(ex, onAdminPort, "", Duration.ZERO));
        ex.sendJson(200, answer);
      }
      default ->
          throw ApiErrorException.methodNotAllowed(ex.method, ex.path, "GET, HEAD, POST, DELETE");
    }
  }

  /** {@code POST /ui/api/session {"api_key": "..."}}: a session for a key the facade accepts. */
  private void signIn(Exchange ex, String connector, boolean onAdminPort) throws IOException {
    sameOrigin(ex);
    String type = ex.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      // a cross-site form cannot send JSON without a preflight: part of the sign-in CSRF defence
      throw ApiErrorException.badRequest(
          "Sign in with a JSON body {\"api_key\": \"...\"} (Content-Type: application/json)",
          null,
          "invalid_json");
    }
    byte[] body = bodies.readAll(ex);
    String key = apiKey(body);
    check(ex, key);
    Session s = sessions.create(UiPrincipal.apiKey(key), connector);
    ex.response
        .getHeaders()
        .add(HttpHeader.SET_COOKIE, cookie(ex, onAdminPort, s.id, config.ui().sessionMaxAge()));
    ex.sendJson(200, view(s, onAdminPort));
  }

  private static String apiKey(byte[] body) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw ApiErrorException.badRequest(
          "We could not parse the JSON body of your request: " + e.getMessage(),
          null,
          "invalid_json");
    }
    if (n == null || !n.isObject()) {
      throw ApiErrorException.badRequest(
          "Sign in with a JSON object {\"api_key\": \"...\"}", null, "invalid_json");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("api_key")) {
        throw ApiErrorException.badRequest("Unknown field '" + f + "' (known: api_key)", f, null);
      }
    }
    JsonNode k = n.get("api_key");
    if (k == null || !k.isTextual() || k.textValue().isBlank()) {
      throw ApiErrorException.badRequest("Enter an API key", "api_key", "missing_api_key");
    }
    String key = k.textValue().trim();
    if (key.length() > MAX_KEY_LENGTH) {
      throw new ApiErrorException(ApiError.unauthorized("Incorrect API key provided"));
    }
    return key;
  }

  /**
   * Refuses (401) a key the facade does not accept: checked by the same {@link Authenticator} as
   * the OpenAI endpoints (master key, {@code server.keys}, database keys; blocked and expired keys
   * refused with their reason). Without any key configured the facade is open on loopback, but
   * signing in still needs a key it knows.
   */
  private void check(Exchange ex, String key) {
    Authenticator.Principal p =
        auth.authenticate(
            new Exchange(new UiRequest(ex.request, "/v1/models", key, ex.requestId), ex));
    if (p == Authenticator.Principal.ANONYMOUS) {
      throw new ApiErrorException(
          ApiError.unauthorized(
              "Incorrect API key provided"
                  + (config.masterKey() == null
                      ? " (this server has no master key: start it with LLMUX_MASTER_KEY set to"
                          + " sign in with that key)"
                      : "")));
    }
  }

  /** The answer to {@code GET /ui/api/session} without a session. */
  private Map<String, Object> signedOut() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("signed_in", false);
    boolean oidc = sso != null && sso.oidc() != null;
    m.put("sso", oidc); // the page shows "Sign in with SSO", a link to sso_login_url
    if (oidc) {
      m.put("sso_login_url", SSO_LOGIN);
    }
    return m;
  }

  // ---------------------------------------------------------------- single sign-on (auth.oidc)

  /**
   * {@code GET /ui/sso/login}: a pending sign-in bound to this browser by a short-lived cookie, and
   * a redirect to the provider's authorization endpoint (code flow, PKCE S256, state, nonce).
   */
  private void ssoLogin(Exchange ex) throws IOException {
    ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    OidcLogin oidc = sso == null ? null : sso.oidc();
    if (oidc == null) {
      throw new ApiErrorException(
          ApiError.notFound("Single sign-on is not configured (auth.oidc)", "sso_not_configured"));
    }
    OidcLogin.Start start;
    try {
      start = oidc.start();
    } catch (OidcLogin.Failed f) {
      log.warn("single sign-on could not start ({}): {}", f.code, f.getMessage());
      redirect(ex, "/ui/?sso_error=" + f.code);
      return;
    }
    ex.response
        .getHeaders()
        .add(HttpHeader.SET_COOKIE, loginCookie(ex, start.loginId(), OidcLogin.LOGIN_TTL));
    redirect(ex, start.authorizationUrl().toString());
  }

  /**
   * {@code GET /ui/sso/callback?code&state}: the provider sent the browser back. The sign-in this
   * browser started is finished (state, code exchange with the PKCE verifier, ID token checks), a
   * dashboard session is created for the user, and the browser goes to {@code /ui/}. A failure goes
   * to {@code /ui/?sso_error=<code>} (the page says what happened; the log says why).
   */
  private void ssoCallback(Exchange ex) throws IOException {
    ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    OidcLogin oidc = sso == null ? null : sso.oidc();
    if (oidc == null) {
      throw new ApiErrorException(
          ApiError.notFound("Single sign-on is not configured (auth.oidc)", "sso_not_configured"));
    }
    org.eclipse.jetty.util.Fields q = Request.extractQueryParameters(ex.request);
    String loginId = cookieValue(ex, OidcLogin.LOGIN_COOKIE);
    ex.response.getHeaders().add(HttpHeader.SET_COOKIE, loginCookie(ex, "", Duration.ZERO));
    OidcLogin.Done done;
    try {
      done = oidc.finish(loginId, q.getValue("state"), q.getValue("code"), q.getValue("error"));
    } catch (OidcLogin.Failed f) {
      log.warn("single sign-on failed ({}): {}", f.code, f.getMessage());
      redirect(ex, "/ui/?sso_error=" + f.code);
      return;
    }
    boolean onAdminPort = onAdminPort(ex);
    Session s =
        sessions.create(
            new UiPrincipal(UiPrincipal.OIDC, done.identity().name(), done.credential()),
            onAdminPort ? FacadeServer.ADMIN_CONNECTOR : null);
    ex.response
        .getHeaders()
        .add(HttpHeader.SET_COOKIE, cookie(ex, onAdminPort, s.id, config.ui().sessionMaxAge()));
    log.info(
        "dashboard single sign-on: user '{}' signed in ({})",
        done.identity().userId(),
        done.identity().role().key());
    redirect(ex, "/ui/");
  }

  private static void redirect(Exchange ex, String location) throws IOException {
    ex.response.getHeaders().put(HttpHeader.LOCATION, location);
    ex.sendBytes(302, "text/plain; charset=utf-8", NOTHING);
  }

  /**
   * The cookie binding a pending sign-in to its browser: {@code SameSite=Lax}, since it must come
   * back on the provider's (cross-site) redirect to the callback; only sent to {@code /ui/sso}.
   */
  private String loginCookie(Exchange ex, String value, Duration maxAge) {
    return OidcLogin.LOGIN_COOKIE
        + "="
        + value
        + "; Path=/ui/sso; Max-Age="
        + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax"
        + (secure(ex) ? "; Secure" : "");
  }

  /** What the dashboard needs to know about its session. */
  private Map<String, Object> view(Session s, boolean onAdminPort) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("signed_in", true);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("source", s.principal.source());
    p.put("name", s.principal.name());
    m.put("principal", p);
    m.put("csrf_token", s.csrfToken);
    m.put("expires_at", s.expires.toString());
    m.put("idle_timeout_seconds", config.ui().sessionIdleTimeout().toSeconds());
    boolean management = managementApi != null && (!adminPortSet || onAdminPort);
    m.put("management", management);
    m.put("openai", !onAdminPort);
    Object identity = null;
    if (management) {
      try {
        identity = CallerInfo.describe(managementApi, s.principal.credential());
      } catch (Failure f) {
        if (f.status() != 401) {
          m.put("management_error", f.getMessage());
        }
      }
    }
    m.put("identity", identity);
    return m;
  }

  // ---------------------------------------------------------------- cookies, origin, CSRF

  private String cookie(Exchange ex, boolean onAdminPort, String value, Duration maxAge) {
    UiSettings ui = config.ui();
    boolean secure = secure(ex);
    return (onAdminPort ? ADMIN_COOKIE : COOKIE)
        + "="
        + value
        + "; Path=/ui; Max-Age="
        + maxAge.toSeconds()
        + "; HttpOnly; SameSite="
        + ui.sameSite()
        + (secure ? "; Secure" : "");
  }

  private boolean secure(Exchange ex) {
    return switch (config.ui().secureCookie()) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> overTls(ex.request);
    };
  }

  /** The request came over TLS: to this server, or to a proxy that says so. */
  static boolean overTls(Request r) {
    if (r.isSecure()) {
      return true;
    }
    String proto = r.getHeaders().get("X-Forwarded-Proto");
    return proto != null && proto.split(",")[0].trim().equalsIgnoreCase("https");
  }

  private static String sessionId(Exchange ex, boolean onAdminPort) {
    return cookieValue(ex, onAdminPort ? ADMIN_COOKIE : COOKIE);
  }

  private static String cookieValue(Exchange ex, String name) {
    List<HttpCookie> cookies = Request.getCookies(ex.request);
    if (cookies == null) {
      return null;
    }
    for (HttpCookie c : cookies) {
      if (name.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  private static boolean safe(String method) {
    return method.equals("GET") || method.equals("HEAD");
  }

  private static void csrf(Exchange ex, Session s) {
    if (!s.csrfMatches(ex.request.getHeaders().get(CSRF_HEADER))) {
      throw new ApiErrorException(
          new ApiError(
              403,
              "permission_error",
              "Missing or wrong " + CSRF_HEADER + " header: reload the dashboard",
              null,
              "csrf_failed",
              null));
    }
  }

  /**
   * Refuses a state-changing call a browser made from another origin: {@code Sec-Fetch-Site:
   * cross-site}, or an {@code Origin} whose host and port are not this request's {@code Host} (or
   * {@code X-Forwarded-Host}).
   */
  static void sameOrigin(Exchange ex) {
    HttpFields h = ex.request.getHeaders();
    String site = h.get("Sec-Fetch-Site");
    boolean ok = site == null || !site.equalsIgnoreCase("cross-site");
    String origin = h.get(HttpHeader.ORIGIN);
    if (ok && origin != null) {
      int scheme = origin.indexOf("://");
      String authority = scheme < 0 ? "" : origin.substring(scheme + 3);
      String host = h.get(HttpHeader.HOST);
      String forwarded = h.get("X-Forwarded-Host");
      ok =
          !authority.isEmpty()
              && (authority.equalsIgnoreCase(host)
                  || (forwarded != null
                      && authority.equalsIgnoreCase(forwarded.split(",")[0].trim())));
    }
    if (!ok) {
      throw new ApiErrorException(
          new ApiError(
              403, "permission_error", "Cross-origin request refused", null, "cross_origin", null));
    }
  }

  private boolean onAdminPort(Exchange ex) {
    return adminPortSet
        && FacadeServer.ADMIN_CONNECTOR.equals(
            ex.request.getConnectionMetaData().getConnector().getName());
  }
}
