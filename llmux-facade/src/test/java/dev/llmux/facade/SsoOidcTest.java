package dev.llmux.facade;

import static dev.llmux.facade.AdminHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.jdbc.UserRole;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's OIDC login over HTTP, step by step, against a real provider (mock-oauth2-server):
 * the redirect to the provider (PKCE S256, state, nonce, the login cookie), the callback (state
 * bound to the browser, used once; the ID token's audience), the session it makes, sign-out with
 * RP-initiated logout. The browser version is {@link SsoBrowserTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoOidcTest {
  static final String CLIENT_ID = "llmux-dashboard";
  static final String REDIRECT = "http://llmux.test/ui/sso/callback";

  MockOAuth2Server idp;
  AdminHarness h;
  final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void start() throws Exception {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    AuthConfig auth =
        AuthConfig.fromJson(
            Json.mapper()
                .readTree(
                    "{\"oidc\":{\"issuer\":\""
                        + idp.issuerUrl("acme")
                        + "\",\"client_id\":\""
                        + CLIENT_ID
                        + "\",\"client_secret\":\"s3cret\",\"redirect_uri\":\""
                        + REDIRECT
                        + "\",\"role_claim\":\"roles\"}}"));
    h =
        new AdminHarness(
            LlmuxDatabase.builder().url(AdminHarness.memUrl()).build(),
            ServerConfig.builder().port(0).masterKey(MASTER).build(),
            b -> {},
            auth);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      h.close();
    } finally {
      idp.shutdown();
    }
  }

  HttpResponse<String> get(URI uri, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> query(URI u) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : u.getRawQuery().split("&")) {
      int eq = p.indexOf('=');
      m.put(
          URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  static String setCookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Set-Cookie " + name + ": " + r.headers()));
  }

  static String cookiePair(String setCookie) {
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  /** A started sign-in: the login cookie, and the provider's answer (code, state) to it. */
  record Started(String loginCookie, Map<String, String> authorize, URI callback) {}

  Started startSignIn() throws Exception {
    HttpResponse<String> login = get(h.uri("/ui/sso/login"), null);
    assertThat(login.statusCode()).isEqualTo(302);
    String cookie = setCookie(login, OidcLogin.LOGIN_COOKIE);
    assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/ui/sso", "Max-Age=600");
    URI authorize = URI.create(login.headers().firstValue("Location").orElseThrow());
    // the provider signs in without a form and answers with the redirect to the callback
    HttpResponse<String> idpAnswer = get(authorize, null);
    assertThat(idpAnswer.statusCode()).as(idpAnswer.body()).isEqualTo(302);
    URI back = URI.create(idpAnswer.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(REDIRECT + "?");
    URI callback = h.uri("/ui/sso/callback?" + back.getRawQuery());
    return new Started(cookiePair(cookie), query(authorize), callback);
  }

  @Test
  void theSignedOutPageOffersSso() throws Exception {
    JsonNode s = AdminHarness.json(get(h.uri("/ui/api/session"), null));
    assertThat(s.path("signed_in").asBoolean()).isFalse();
    assertThat(s.path("sso").asBoolean()).isTrue();
    assertThat(s.path("sso_login_url").asText()).isEqualTo("/ui/sso/login");
  }

  @Test
  void signInMakesASessionAndSignOutEndsItHereAndAtTheProvider() throws Exception {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "acme",
            "oidc-bob",
            "JWT",
            List.of(CLIENT_ID),
            Map.of("roles", "internal_user", "name", "Bob"),
            3600));
    Started s = startSignIn();
    assertThat(s.authorize())
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", REDIRECT)
        .containsEntry("code_challenge_method", "S256")
        .containsKeys("state", "nonce", "code_challenge");
    assertThat(s.authorize().get("scope")).isEqualTo("openid profile email");

    HttpResponse<String> cb = get(s.callback(), s.loginCookie());
    assertThat(cb.statusCode()).isEqualTo(302);
    assertThat(cb.headers().firstValue("Location")).hasValue("/ui/");
    String session = setCookie(cb, UiEndpoint.COOKIE);
    assertThat(session).contains("HttpOnly", "Path=/ui");
    assertThat(setCookie(cb, OidcLogin.LOGIN_COOKIE)).contains("Max-Age=0");
    assertThat(h.db.users().info("oidc-bob").orElseThrow().role())
        .isEqualTo(UserRole.INTERNAL_USER);

    JsonNode view = AdminHarness.json(get(h.uri("/ui/api/session"), cookiePair(session)));
    assertThat(view.path("signed_in").asBoolean()).isTrue();
    assertThat(view.path("principal").path("source").asText()).isEqualTo("oidc");
    assertThat(view.path("principal").path("name").asText()).isEqualTo("Bob");
    assertThat(view.toString()).doesNotContain("llmux-sso-");
    // calls made with the session act as the user
    HttpResponse<String> me = get(h.uri("/ui/api/user/info?user_id=oidc-bob"), cookiePair(session));
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(get(h.uri("/ui/api/user/list"), cookiePair(session)).statusCode()).isEqualTo(403);

    // a replayed callback (state used once) does not sign in again
    HttpResponse<String> replay = get(s.callback(), s.loginCookie());
    assertThat(replay.headers().firstValue("Location")).hasValue("/ui/?sso_error=login_expired");

    // sign-out needs the CSRF token, ends the session and answers the provider's logout URL
    HttpResponse<String> out =
        http.send(
            HttpRequest.newBuilder(h.uri("/ui/api/session"))
                .DELETE()
                .header("Cookie", cookiePair(session))
                .header("X-CSRF-Token", view.path("csrf_token").asText())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
    URI logout = URI.create(AdminHarness.json(out).path("logout_url").asText());
    assertThat(logout.toString()).startsWith(idp.endSessionEndpointUrl("acme").toString());
    assertThat(query(logout))
        .containsKey("id_token_hint")
        .containsEntry("post_logout_redirect_uri", "http://llmux.test/ui/");
    assertThat(
            AdminHarness.json(get(h.uri("/ui/api/session"), cookiePair(session)))
                .path("signed_in")
                .asBoolean())
        .isFalse();
  }

  @Test
  void aForeignStateIsRefused() throws Exception {
    Started s = startSignIn();
    URI forged =
        URI.create(s.callback().toString().replace("state=", "state=x" /* another state */));
    HttpResponse<String> cb = get(forged, s.loginCookie());
    assertThat(cb.headers().firstValue("Location")).hasValue("/ui/?sso_error=state_mismatch");
    assertThat(cb.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith(UiEndpoint.COOKIE + "="));
  }

  @Test
  void aCallbackFromAnotherBrowserIsRefused() throws Exception {
    Started s = startSignIn();
    HttpResponse<String> cb = get(s.callback(), null); // no login cookie
    assertThat(cb.headers().firstValue("Location")).hasValue("/ui/?sso_error=login_expired");
  }

  @Test
  void idTokenChecks_audienceIsTheClientAndTheNonceIsThisSignIns() throws Exception {
    URI jwks = URI.create(idp.jwksUrl("acme").toString());
    JwtVerifier v =
        new JwtVerifier(
            "ID token",
            idp.issuerUrl("acme").toString(),
            CLIENT_ID,
            AuthConfig.ALGORITHMS,
            AuthConfig.DEFAULT_LEEWAY,
            new JwksSource(
                () -> jwks,
                new IdpHttp(),
                java.time.Clock.systemUTC(),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30)),
            java.time.Clock.systemUTC());
    String good = idToken(List.of(CLIENT_ID), "n-1");
    assertThat(v.verify(good, "n-1").getSubject()).isEqualTo("oidc-carol");
    assertThatRefused(() -> v.verify(good, "n-2"), "nonce");
    assertThatRefused(() -> v.verify(idToken(List.of(CLIENT_ID), null), "n-1"), "nonce");
    assertThatRefused(() -> v.verify(idToken(List.of("another-client"), "n-1"), "n-1"), "audience");
    // several audiences: accepted when azp is this client (the provider sets it to the client)
    assertThat(
            v.verify(idToken(List.of(CLIENT_ID, "another-client"), "n-1"), "n-1")
                .getStringClaim("azp"))
        .isEqualTo(CLIENT_ID);
  }

  String idToken(List<String> audience, String nonce) {
    Map<String, Object> claims = nonce == null ? Map.of() : Map.of("nonce", nonce);
    return idp.issueToken(
            "acme",
            CLIENT_ID,
            new DefaultOAuth2TokenCallback("acme", "oidc-carol", "JWT", audience, claims, 600))
        .serialize();
  }

  interface Verification {
    Object run() throws Exception;
  }

  static void assertThatRefused(Verification call, String check) {
    try {
      call.run();
    } catch (JwtVerifier.Refused r) {
      assertThat(r.check).isEqualTo(check);
      return;
    } catch (Exception e) {
      throw new AssertionError("expected a refusal (" + check + "), got " + e, e);
    }
    throw new AssertionError("expected a refusal (" + check + "), but it verified");
  }

  @Test
  void withoutOidcTheLoginPathIsUnknown() throws Exception {
    try (AdminHarness plain = new AdminHarness()) {
      assertThat(get(plain.uri("/ui/sso/login"), null).statusCode()).isEqualTo(404);
      JsonNode s = AdminHarness.json(get(plain.uri("/ui/api/session"), null));
      assertThat(s.path("sso").asBoolean()).isFalse();
    }
  }
}
