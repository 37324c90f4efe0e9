package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.Json;
import dev.llmux.jdbc.UserRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth} section: defaults, and every bad value named with its key. */
class AuthConfigTest {
  static AuthConfig parse(String json) throws Exception {
    return AuthConfig.fromJson(Json.mapper().readTree(json));
  }

  static void bad(String json, String... words) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(words);
  }

  @Test
  void absentIsNone() throws Exception {
    assertThat(AuthConfig.fromJson(null)).isEqualTo(AuthConfig.NONE);
    assertThat(AuthConfig.NONE.isEmpty()).isTrue();
  }

  @Test
  void jwtDefaults() throws Exception {
    AuthConfig a = parse("{\"jwt\":{\"issuer\":\"https://idp.test/r\",\"audience\":\"llmux\"}}");
    AuthConfig.Jwt j = a.jwt();
    assertThat(j.jwksUrl()).isNull();
    assertThat(j.discoveryUrl().toString())
        .isEqualTo("https://idp.test/r/.well-known/openid-configuration");
    assertThat(j.leeway()).isEqualTo(Duration.ofSeconds(30));
    assertThat(j.algorithms()).isEqualTo(AuthConfig.ALGORITHMS);
    assertThat(j.claims()).isEqualTo(ClaimMapping.defaults());
    assertThat(j.claims().defaultRole()).isEqualTo(UserRole.INTERNAL_USER_VIEWER);
    assertThat(a.oidc()).isNull();
  }

  @Test
  void theIssuesExampleParses() throws Exception {
    AuthConfig.Jwt j =
        parse(
                "{\"jwt\":{\"issuer\":\"https://idp.example.com/realms/acme\","
                    + "\"jwks_url\":\"https://idp.example.com/certs\",\"audience\":\"llmux\","
                    + "\"user_claim\":\"sub\",\"role_claim\":\"roles\",\"team_claim\":\"groups\","
                    + "\"org_claim\":\"org\",\"default_role\":\"internal_user_viewer\","
                    + "\"leeway\":\"30s\"}}")
            .jwt();
    assertThat(j.claims())
        .isEqualTo(
            new ClaimMapping("sub", "roles", "groups", "org", UserRole.INTERNAL_USER_VIEWER));
    assertThat(j.jwksUrl().toString()).isEqualTo("https://idp.example.com/certs");
  }

  @Test
  void badJwtValuesNameTheirKey() {
    bad("{\"jwt\":{\"audience\":\"a\"}}", "auth.jwt.issuer", "required");
    bad("{\"jwt\":{\"issuer\":\"https://i\"}}", "auth.jwt.audience", "required");
    bad(
        "{\"jwt\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"aud\":1}}",
        "auth.jwt.aud",
        "unknown");
    bad(
        "{\"jwt\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"algorithms\":[\"HS256\"]}}",
        "auth.jwt.algorithms",
        "HS256");
    bad(
        "{\"jwt\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"algorithms\":[\"none\"]}}",
        "auth.jwt.algorithms");
    bad(
        "{\"jwt\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"leeway\":\"1h\"}}",
        "auth.jwt.leeway");
    bad(
        "{\"jwt\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"default_role\":\"god\"}}",
        "auth.jwt.default_role");
    bad("{\"jwt\":{\"issuer\":\"not a url\",\"audience\":\"a\"}}", "auth.jwt.issuer");
    bad("{\"sso\":{}}", "auth.sso", "unknown");
  }

  @Test
  void oidcValues() throws Exception {
    AuthConfig.Oidc o =
        parse(
                "{\"oidc\":{\"issuer\":\"https://idp.test/r\",\"client_id\":\"c\","
                    + "\"redirect_uri\":\"https://llmux.test/ui/sso/callback\","
                    + "\"scopes\":\"openid groups\",\"client_secret\":\"\"}}")
            .oidc();
    assertThat(o.scopes()).isEqualTo(List.of("openid", "groups"));
    assertThat(o.clientSecret()).isNull(); // empty: a public client
    assertThat(o.postLogoutRedirectUri().toString()).isEqualTo("https://llmux.test/ui/");
    assertThat(o.toString()).doesNotContain("s3cret");
    bad(
        "{\"oidc\":{\"issuer\":\"https://i\",\"client_id\":\"c\","
            + "\"redirect_uri\":\"https://llmux.test/callback\"}}",
        "auth.oidc.redirect_uri",
        "/ui/sso/callback");
    bad(
        "{\"oidc\":{\"issuer\":\"https://i\",\"client_id\":\"c\","
            + "\"redirect_uri\":\"https://l/ui/sso/callback\",\"scopes\":[\"profile\"]}}",
        "auth.oidc.scopes",
        "openid");
    bad("{\"oidc\":{\"issuer\":\"https://i\",\"client_id\":\"c\"}}", "auth.oidc.redirect_uri");
  }

  @Test
  void oidcClaimsDefaultToThoseOfJwt() throws Exception {
    AuthConfig a =
        parse(
            "{\"jwt\":{\"issuer\":\"https://i\",\"audience\":\"a\",\"team_claim\":\"groups\"},"
                + "\"oidc\":{\"issuer\":\"https://i\",\"client_id\":\"c\","
                + "\"redirect_uri\":\"https://l/ui/sso/callback\"}}");
    assertThat(a.oidc().claims().teamClaim()).isEqualTo("groups");
  }

  @Test
  void theFileNeedsADatabaseAndNamesItself(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("llmux.yaml");
    Files.writeString(
        f,
        """
        providers:
          - name: m
            type: mock
            models:
              - name: demo
        auth:
          jwt:
            issuer: https://idp.test/r
            audience: llmux
        """);
    assertThatThrownBy(() -> FacadeConfig.load(f, Map.of()))
        .hasMessageContaining("llmux.yaml")
        .hasMessageContaining("auth.jwt")
        .hasMessageContaining("database");
    Files.writeString(
        f,
        Files.readString(f).replace("audience: llmux", "audiance: llmux")
            + "database:\n  url: jdbc:h2:mem:x\n");
    assertThatThrownBy(() -> FacadeConfig.load(f, Map.of()))
        .hasMessageContaining("llmux.yaml")
        .hasMessageContaining("auth.jwt.audiance");
  }
}
