package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's server side over HTTP: its files and their headers, sign-in, the session cookie,
 * CSRF and origin checks, and calls made with a session getting exactly the rights of its key.
 */
class UiEndpointTest {
  AdminHarness h;
  String viewerKey;
  String aliceKey;

  @BeforeEach
  void start() throws Exception {
    h = new AdminHarness();
    h.ok(
        "/user/new",
        AdminHarness.MASTER,
        "{\"user_id\":\"vera\",\"user_role\":\"proxy_admin_viewer\"}");
    h.ok(
        "/user/new",
        AdminHarness.MASTER,
        "{\"user_id\":\"alice\",\"user_role\":\"internal_user\"}");
    viewerKey =
        h.ok("/key/generate", AdminHarness.MASTER, "{\"user_id\":\"vera\"}").get("key").asText();
    aliceKey =
        h.ok("/key/generate", AdminHarness.MASTER, "{\"user_id\":\"alice\",\"key_alias\":\"a\"}")
            .get("key")
            .asText();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return sendTo(h.server.baseUri().toString(), method, path, body, headers);
  }

  HttpResponse<String> sendTo(
      String base, String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(java.net.URI.create(base).resolve(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return h.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in; the session cookie ({@code name=value}) and the CSRF token. */
  record Signed(String cookie, String csrf, JsonNode session) {}

  Signed signIn(String key) throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/ui/api/session",
            "{\"api_key\":\"" + key + "\"}",
            "Content-Type",
            "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String setCookie = r.headers().firstValue("set-cookie").orElseThrow();
    JsonNode s = AdminHarness.json(r);
    return new Signed(
        setCookie.substring(0, setCookie.indexOf(';')), s.get("csrf_token").asText(), s);
  }

  // ---------------------------------------------------------------- files and headers

  @Test
  void thePageAndItsAssetsCarryStrictHeadersAndCacheWell() throws Exception {
    HttpResponse<String> redirect = send("GET", "/ui", null);
    assertThat(redirect.statusCode()).isEqualTo(308);
    assertThat(redirect.headers().firstValue("location")).contains("/ui/");

    HttpResponse<String> page = send("GET", "/ui/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("content-security-policy")).contains(UiEndpoint.CSP);
    assertThat(UiEndpoint.CSP)
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(page.headers().firstValue("referrer-policy")).contains("no-referrer");
    assertThat(page.headers().firstValue("x-frame-options")).contains("DENY");
    assertThat(page.headers().firstValue("cache-control")).contains("no-cache");
    assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");
    String etag = page.headers().firstValue("etag").orElseThrow();
    assertThat(send("GET", "/ui/", null, "If-None-Match", etag).statusCode()).isEqualTo(304);

    String version = new UiAssets().version();
    assertThat(page.body()).contains("assets/" + version + "/js/app.js");
    HttpResponse<String> js = send("GET", "/ui/assets/" + version + "/js/app.js", null);
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("cache-control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(js.headers().firstValue("content-security-policy")).isPresent();
    String jsTag = js.headers().firstValue("etag").orElseThrow();
    assertThat(
            send("GET", "/ui/assets/" + version + "/js/app.js", null, "If-None-Match", jsTag)
                .statusCode())
        .isEqualTo(304);

    // the chart library comes from its WebJar, under the same version
    HttpResponse<byte[]> uplot =
        h.http.send(
            HttpRequest.newBuilder(h.uri("/ui/assets/" + version + "/vendor/uPlot.esm.js"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.headers().firstValue("content-encoding")).contains("gzip");
    assertThat(uplot.headers().firstValue("vary")).contains("Accept-Encoding");
    String unzipped =
        new String(
            new GZIPInputStream(new java.io.ByteArrayInputStream(uplot.body())).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(unzipped).contains("export { uPlot as default }");

    // an older page asking for its version's file gets today's, revalidated
    HttpResponse<String> old = send("GET", "/ui/assets/0123456789ab/app.css", null);
    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.headers().firstValue("cache-control")).contains("no-cache");
    assertThat(send("GET", "/ui/assets/" + version + "/nope.js", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/ui/assets/" + version + "/../index.html", null).statusCode())
        .isIn(400, 404);
    assertThat(send("POST", "/ui/", "{}").statusCode()).isEqualTo(405);
    assertThat(send("GET", "/ui/nothing-here", null).statusCode()).isEqualTo(404);
  }

  @Test
  void everyAssetInTheJarIsListedAndLoads() throws Exception {
    UiAssets assets = new UiAssets();
    java.nio.file.Path root = java.nio.file.Paths.get("target", "classes").resolve(UiAssets.ROOT);
    try (var files = java.nio.file.Files.walk(root)) {
      List<String> found =
          files
              .filter(java.nio.file.Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(n -> !n.equals("index.html"))
              .sorted()
              .toList();
      assertThat(found).containsExactlyInAnyOrderElementsOf(UiAssets.FILES);
    }
    for (String name : assets.names()) {
      assertThat(assets.asset(name).body()).as(name).isNotEmpty();
    }
  }

  // ---------------------------------------------------------------- sign-in and session

  @Test
  void aWrongKeyIsRefusedAndARightOneGetsAnHttpOnlyStrictCookie() throws Exception {
    HttpResponse<String> wrong =
        send(
            "POST",
            "/ui/api/session",
            "{\"api_key\":\"sk-wrong\"}",
            "Content-Type",
            "application/json");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("Incorrect API key provided");
    assertThat(wrong.headers().firstValue("set-cookie")).isEmpty();
    assertThat(
            send("POST", "/ui/api/session", "{\"api_key\":\"" + AdminHarness.MASTER + "\"}")
                .statusCode())
        .as("no JSON content type")
        .isEqualTo(400);
    assertThat(
            send("POST", "/ui/api/session", "{\"key\":\"x\"}", "Content-Type", "application/json")
                .statusCode())
        .isEqualTo(400);

    HttpResponse<String> ok =
        send(
            "POST",
            "/ui/api/session",
            "{\"api_key\":\"" + AdminHarness.MASTER + "\"}",
            "Content-Type",
            "application/json");
    assertThat(ok.statusCode()).isEqualTo(200);
    String cookie = ok.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("llmux_session=")
        .contains("; Path=/ui")
        .contains("; HttpOnly")
        .contains("; SameSite=Strict")
        .contains("; Max-Age=43200")
        .doesNotContain("Secure");
    assertThat(ok.headers().firstValue("cache-control")).contains("no-store");
    JsonNode s = AdminHarness.json(ok);
    assertThat(s.get("signed_in").asBoolean()).isTrue();
    assertThat(s.get("principal").get("name").asText()).isEqualTo("sk-maste...dmin");
    assertThat(ok.body()).doesNotContain(AdminHarness.MASTER);
    assertThat(s.get("identity").get("role").asText()).isEqualTo("proxy_admin");
    assertThat(s.get("identity").get("can").get("control_deployments").asBoolean()).isTrue();

    // behind a TLS proxy the cookie is Secure
    HttpResponse<String> tls =
        send(
            "POST",
            "/ui/api/session",
            "{\"api_key\":\"" + AdminHarness.MASTER + "\"}",
            "Content-Type",
            "application/json",
            "X-Forwarded-Proto",
            "https");
    assertThat(tls.headers().firstValue("set-cookie").orElseThrow()).endsWith("; Secure");

    // without a cookie: not signed in (200, so a first visit logs no error)
    JsonNode none = AdminHarness.json(send("GET", "/ui/api/session", null));
    assertThat(none.get("signed_in").asBoolean()).isFalse();
  }

  @Test
  void callsWithTheSessionAreTheKeysCallsAndWritesNeedTheCsrfToken() throws Exception {
    Signed m = signIn(AdminHarness.MASTER);
    JsonNode session =
        AdminHarness.json(send("GET", "/ui/api/session", null, "Cookie", m.cookie()));
    assertThat(session.get("csrf_token").asText()).isEqualTo(m.csrf());

    assertThat(send("GET", "/ui/api/key/list", null).statusCode()).isEqualTo(401);
    HttpResponse<String> list = send("GET", "/ui/api/key/list", null, "Cookie", m.cookie());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(AdminHarness.json(list).get("total_count").asInt()).isEqualTo(2);

    String body = "{\"key_alias\":\"from-ui\"}";
    HttpResponse<String> noToken =
        send(
            "POST",
            "/ui/api/key/generate",
            body,
            "Cookie",
            m.cookie(),
            "Content-Type",
            "application/json");
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("csrf_failed");
    HttpResponse<String> wrongToken =
        send(
            "POST",
            "/ui/api/key/generate",
            body,
            "Cookie",
            m.cookie(),
            "Content-Type",
            "application/json",
            UiEndpoint.CSRF_HEADER,
            "nope");
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    HttpResponse<String> crossOrigin =
        send(
            "POST",
            "/ui/api/key/generate",
            body,
            "Cookie",
            m.cookie(),
            "Content-Type",
            "application/json",
            UiEndpoint.CSRF_HEADER,
            m.csrf(),
            "Origin",
            "https://evil.example");
    assertThat(crossOrigin.statusCode()).isEqualTo(403);
    assertThat(crossOrigin.body()).contains("cross_origin");
    assertThat(
            h.okGet("/key/list?key_alias=from-ui", AdminHarness.MASTER).get("total_count").asInt())
        .as("nothing was created by the refused calls")
        .isZero();

    HttpResponse<String> created =
        send(
            "POST",
            "/ui/api/key/generate",
            body,
            "Cookie",
            m.cookie(),
            "Content-Type",
            "application/json",
            UiEndpoint.CSRF_HEADER,
            m.csrf(),
            "Origin",
            h.server.baseUri().toString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.headers().firstValue("content-security-policy")).isPresent();
    JsonNode audit = h.okGet("/audit/logs?action=key.generate", AdminHarness.MASTER);
    assertThat(audit.get("audit_logs").get(0).get("changed_by").asText()).isEqualTo("master");

    // OpenAI endpoints too, with the key's model access
    HttpResponse<String> models = send("GET", "/ui/api/v1/models", null, "Cookie", m.cookie());
    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(models.body()).contains("gpt-4o-mini");
    HttpResponse<String> chat =
        send(
            "POST",
            "/ui/api/v1/chat/completions",
            Harness.chatBody("priced"),
            "Cookie",
            m.cookie(),
            "Content-Type",
            "application/json",
            UiEndpoint.CSRF_HEADER,
            m.csrf());
    assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    assertThat(chat.headers().firstValue("x-llmux-deployment")).contains("fake-priced");
    assertThat(h.contexts.get(h.contexts.size() - 1).keyId()).isEqualTo("master");

    // no way round: the dashboard's API does not serve itself
    assertThat(send("GET", "/ui/api/ui/api/session", null, "Cookie", m.cookie()).statusCode())
        .isEqualTo(404);

    // sign out: the cookie is cleared and the session is gone
    HttpResponse<String> out =
        send(
            "DELETE",
            "/ui/api/session",
            null,
            "Cookie",
            m.cookie(),
            UiEndpoint.CSRF_HEADER,
            m.csrf());
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().firstValue("set-cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(send("GET", "/ui/api/key/list", null, "Cookie", m.cookie()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aViewersSessionReadsButCannotWrite() throws Exception {
    Signed v = signIn(viewerKey);
    assertThat(v.session().get("identity").get("role").asText()).isEqualTo("proxy_admin_viewer");
    JsonNode can = v.session().get("identity").get("can");
    assertThat(can.get("read_all").asBoolean()).isTrue();
    assertThat(can.get("write").asBoolean()).isFalse();
    assertThat(can.get("create_keys").asBoolean()).isFalse();
    assertThat(send("GET", "/ui/api/audit/logs", null, "Cookie", v.cookie()).statusCode())
        .isEqualTo(200);
    HttpResponse<String> write =
        send(
            "POST",
            "/ui/api/key/generate",
            "{}",
            "Cookie",
            v.cookie(),
            "Content-Type",
            "application/json",
            UiEndpoint.CSRF_HEADER,
            v.csrf());
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("read-only");

    Signed a = signIn(aliceKey);
    assertThat(a.session().get("identity").get("can").get("read_all").asBoolean()).isFalse();
    assertThat(a.session().get("identity").get("can").get("create_keys").asBoolean()).isTrue();
    assertThat(send("GET", "/ui/api/audit/logs", null, "Cookie", a.cookie()).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aKeyBlockedAfterSignInEndsWhatItsSessionCanDo() throws Exception {
    Signed a = signIn(aliceKey);
    assertThat(send("GET", "/ui/api/key/list", null, "Cookie", a.cookie()).statusCode())
        .isEqualTo(200);
    h.ok("/key/block", AdminHarness.MASTER, "{\"key\":\"" + aliceKey + "\"}");
    HttpResponse<String> r = send("GET", "/ui/api/key/list", null, "Cookie", a.cookie());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("blocked");
  }

  @Test
  void sessionsOfTheAdminPortStayOnTheAdminPort() throws Exception {
    h.close();
    h =
        new AdminHarness(
            dev.llmux.jdbc.LlmuxDatabase.builder().url(AdminHarness.memUrl()).build(),
            ServerConfig.builder().port(0).adminPort(0).masterKey(AdminHarness.MASTER).build());
    String admin = "http://127.0.0.1:" + h.server.adminPort();
    HttpResponse<String> in =
        sendTo(
            admin,
            "POST",
            "/ui/api/session",
            "{\"api_key\":\"" + AdminHarness.MASTER + "\"}",
            "Content-Type",
            "application/json");
    assertThat(in.statusCode()).isEqualTo(200);
    String cookie = in.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cookie).startsWith("llmux_admin_session=");
    JsonNode s = AdminHarness.json(in);
    assertThat(s.get("management").asBoolean()).isTrue();
    assertThat(s.get("openai").asBoolean()).isFalse();
    String pair = cookie.substring(0, cookie.indexOf(';'));
    assertThat(sendTo(admin, "GET", "/ui/api/key/list", null, "Cookie", pair).statusCode())
        .isEqualTo(200);
    // the same session id under the main port's cookie name is no session there
    String id = pair.substring(pair.indexOf('=') + 1);
    assertThat(send("GET", "/ui/api/key/list", null, "Cookie", "llmux_session=" + id).statusCode())
        .isEqualTo(401);
    // a main-port session: the OpenAI API, no management API (it lives on the admin port)
    Signed main = signIn(AdminHarness.MASTER);
    assertThat(main.session().get("management").asBoolean()).isFalse();
    assertThat(send("GET", "/ui/api/key/list", null, "Cookie", main.cookie()).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/ui/api/v1/models", null, "Cookie", main.cookie()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theDashboardCanBeTurnedOff() throws Exception {
    try (Harness off =
        new Harness(
            ServerConfig.builder()
                .port(0)
                .masterKey("sk-m")
                .ui(UiSettings.defaults().disabled())
                .build())) {
      HttpResponse<String> r =
          off.http.send(
              HttpRequest.newBuilder(off.server.baseUri().resolve("/ui/"))
                  .header("Authorization", "Bearer sk-m")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
    }
  }
}
