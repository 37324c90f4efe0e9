package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import dev.llmux.jdbc.UserRole;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's "Sign in with SSO" in a real browser (Debian's Chromium through Playwright, as
 * {@link DashboardBrowserTest}), against a real OpenID provider (mock-oauth2-server on a loopback
 * port) and a facade started by {@link Main} from a YAML file with {@code auth.oidc}. The facade is
 * reached as {@code http://llmux.test} (Chromium maps that host to the facade's ephemeral port), so
 * the {@code redirect_uri} is known before the facade binds.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoBrowserTest {
  static final String CLIENT_ID = "llmux-dashboard";
  static final String HOST = "http://llmux.test";

  MockOAuth2Server idp;
  Main.Launched facade;
  Playwright playwright;
  BrowserContext browser;
  Page page;
  final List<String> problems = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    assertThat(Paths.get(DashboardBrowserTest.CHROMIUM))
        .as("Chromium is needed for the browser tests (or run with -DexcludedGroups=browser)")
        .isExecutable();
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    String issuer = idp.issuerUrl("acme").toString();
    Path config = dir.resolve("llmux.yaml");
    Files.writeString(
        config,
        """
        providers:
          - name: local-mock
            type: mock
            models:
              - name: demo
        server:
          master_key: sk-sso-master
        database:
          url: jdbc:h2:mem:sso-%s;DB_CLOSE_DELAY=-1
        auth:
          oidc:
            issuer: %s
            client_id: %s
            client_secret: s3cret
            redirect_uri: %s/ui/sso/callback
            scopes: openid profile
            role_claim: roles
        """
            .formatted(UUID.randomUUID(), issuer, CLIENT_ID, HOST));
    facade = Main.launch(config, 0);
    int port = facade.server().baseUri().getPort();
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launchPersistentContext(
                Files.createTempDirectory(dir, "chromium-profile"),
                new BrowserType.LaunchPersistentContextOptions()
                    .setExecutablePath(Paths.get(DashboardBrowserTest.CHROMIUM))
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--headless",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            "--host-resolver-rules=MAP llmux.test 127.0.0.1:" + port))
                    .setViewportSize(1280, 860));
    browser.addInitScript(
        "window.__csp = [];"
            + " document.addEventListener('securitypolicyviolation', e =>"
            + " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
    browser.setDefaultTimeout(15_000);
    page = browser.pages().isEmpty() ? browser.newPage() : browser.pages().get(0);
    page.onConsoleMessage(
        m -> {
          // llmux.test is plain HTTP on a name that is not localhost, so Chromium ignores the
          // facade's Cross-Origin-Opener-Policy and says so: a fact of the test's address only
          if (m.type().equals("error") && !m.text().contains("Cross-Origin-Opener-Policy")) {
            problems.add("console error: " + m.text());
          }
        });
    page.onPageError(e -> problems.add("page error: " + e));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (facade != null) {
      facade.stop();
    }
    if (idp != null) {
      idp.shutdown();
    }
  }

  @BeforeEach
  void clearProblems() {
    problems.clear();
  }

  @AfterEach
  void noPageErrorsNorCspViolations() {
    assertThat(problems).as("console errors and page errors").isEmpty();
    assertThat(page.evaluate("() => (window.__csp || []).length")).isEqualTo(0);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> session() {
    return (Map<String, Object>)
        page.evaluate("async () => (await fetch('/ui/api/session', {cache: 'no-store'})).json()");
  }

  List<RecordedRequest> providerRequests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    while (true) {
      try {
        out.add(idp.takeRequest(200, TimeUnit.MILLISECONDS));
      } catch (RuntimeException none) {
        return out; // nothing more within the time: the queue is empty
      }
    }
  }

  @Test
  void signInWithSsoThenSignOut() throws Exception {
    providerRequests(); // drop what came before
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "acme",
            "sso-alice",
            "JWT",
            List.of(CLIENT_ID),
            Map.of("roles", List.of("proxy_admin_viewer"), "name", "Alice Sso"),
            3600));
    page.navigate(HOST + "/ui/");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with SSO")).click();
    // the provider signs in without a form and sends the browser back to the callback, then /ui/
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).waitFor();
    assertThat(page.url()).isEqualTo(HOST + "/ui/");
    assertThat(page.locator("body").innerText()).contains("Alice Sso");

    Map<String, Object> s = session();
    assertThat(s.get("signed_in")).isEqualTo(true);
    assertThat(s.get("principal").toString()).contains("oidc").contains("Alice Sso");
    assertThat(s.get("identity").toString()).contains("proxy_admin_viewer");
    assertThat(facade.database().users().info("sso-alice").orElseThrow().role())
        .isEqualTo(UserRole.PROXY_ADMIN_VIEWER);

    List<Cookie> cookies = browser.cookies(HOST + "/ui/");
    Cookie session =
        cookies.stream().filter(c -> c.name.equals(UiEndpoint.COOKIE)).findFirst().orElseThrow();
    assertThat(session.httpOnly).isTrue();
    assertThat(cookies).noneMatch(c -> c.name.equals(OidcLogin.LOGIN_COOKIE));

    // the provider saw the code flow with PKCE S256, state and nonce, and the verifier at the
    // token endpoint
    List<RecordedRequest> seen = providerRequests();
    RecordedRequest authorize =
        seen.stream().filter(r -> r.getPath().contains("/authorize")).findFirst().orElseThrow();
    assertThat(authorize.getPath())
        .contains("response_type=code")
        .contains("code_challenge_method=S256")
        .contains("code_challenge=")
        .contains("state=")
        .contains("nonce=")
        .contains("client_id=" + CLIENT_ID);
    RecordedRequest token =
        seen.stream().filter(r -> r.getPath().contains("/token")).findFirst().orElseThrow();
    String form = token.getBody().readUtf8();
    assertThat(form).contains("grant_type=authorization_code").contains("code_verifier=");
    assertThat(token.getHeader("Authorization")).startsWith("Basic ");

    // sign out: the session ends here and at the provider, which sends the browser back
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with SSO"))
        .waitFor();
    assertThat(session().get("signed_in")).isEqualTo(false);
    assertThat(providerRequests()).anyMatch(r -> r.getPath().contains("endsession"));
    // the ended session's cookie no longer signs anyone in
    java.net.http.HttpResponse<String> old =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        facade.server().baseUri().resolve("/ui/api/session"))
                    .header("Cookie", UiEndpoint.COOKIE + "=" + session.value)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(old.body()).contains("\"signed_in\":false");
  }

  @Test
  void aCallbackWithoutASignInInProgressIsRefusedAndSaysSo() {
    page.navigate(HOST + "/ui/sso/callback?state=forged&code=stolen");
    page.getByText("Single sign-on failed").waitFor();
    assertThat(page.url()).isEqualTo(HOST + "/ui/");
    assertThat(session().get("signed_in")).isEqualTo(false);
  }
}
