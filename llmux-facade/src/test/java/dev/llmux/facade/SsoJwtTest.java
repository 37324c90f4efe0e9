package dev.llmux.facade;

import static dev.llmux.facade.AdminHarness.MASTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.llmux.api.Json;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.User;
import dev.llmux.jdbc.UserRole;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JWT bearer tokens ({@code auth.jwt}) against a real OpenID provider (mock-oauth2-server, on a
 * loopback port): discovery, the JWK set, the claims that make the user (role, teams,
 * organization), key rotation, and every refusal (each 401 that says which check failed, never the
 * token).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsoJwtTest {
  static final String AUD = "llmux";
  static final String ISSUER_ID = "acme";

  /** The provider's signing key, swapped by the rotation test (its JWKS serves only this one). */
  static final class RotatingKeys extends KeyProvider {
    volatile RSAKey current;

    RotatingKeys(RSAKey first) {
      super(List.of(), "RS256");
      this.current = first;
    }

    @Override
    public JWK signingKey(String issuerId) {
      return current;
    }
  }

  /** A call to the priced group with a small max_tokens (its budget estimate stays small). */
  static final String PRICED_CALL = ManagementStoryTest.PRICED_CALL;

  MockOAuth2Server idp;
  RotatingKeys keys;
  MutableClock clock;
  AdminHarness h;
  String issuer;

  @BeforeAll
  void start() throws Exception {
    keys = new RotatingKeys(rsa("key-a"));
    clock = new MutableClock(Instant.now());
    // the provider issues its tokens on the facade's clock: exp, nbf and iat do not depend on how
    // long the test runs
    kotlin.jvm.functions.Function0<Instant> time = clock::instant;
    idp =
        new MockOAuth2Server(
            new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys, time)));
    idp.start(InetAddress.getLoopbackAddress(), 0);
    issuer = idp.issuerUrl(ISSUER_ID).toString();
    AuthConfig auth =
        AuthConfig.fromJson(
            Json.mapper()
                .readTree(
                    "{\"jwt\":{\"issuer\":\""
                        + issuer
                        + "\",\"audience\":\""
                        + AUD
                        + "\",\"user_claim\":\"sub\",\"role_claim\":\"roles\","
                        + "\"team_claim\":\"groups\",\"org_claim\":\"org\","
                        + "\"default_role\":\"internal_user_viewer\",\"leeway\":\"30s\"}}"));
    h =
        new AdminHarness(
            LlmuxDatabase.builder().url(AdminHarness.memUrl()).clock(clock).build(),
            ServerConfig.builder().port(0).masterKey(MASTER).build(),
            b -> {},
            auth);
    h.ok(
        "/organization/new",
        MASTER,
        "{\"organization_id\":\"north\",\"organization_alias\":\"North\"}");
    h.ok("/team/new", MASTER, "{\"team_id\":\"t1\",\"organization_id\":\"north\"}");
    h.ok("/team/new", MASTER, "{\"team_id\":\"t2\"}");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      h.close();
    } finally {
      idp.shutdown();
    }
  }

  static RSAKey rsa(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  /** A token the provider issues (its key, its clock), audience {@link #AUD}. */
  String token(String sub, Map<String, Object> claims) {
    return token(sub, List.of(AUD), claims);
  }

  String token(String sub, List<String> audience, Map<String, Object> claims) {
    return idp.issueToken(
            ISSUER_ID,
            "client",
            new DefaultOAuth2TokenCallback(ISSUER_ID, sub, "JWT", audience, claims, 3600))
        .serialize();
  }

  /** Valid claims for {@code sub} on the facade's clock. */
  JWTClaimsSet.Builder claims(String sub) {
    Instant now = clock.instant();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(AUD)
        .subject(sub)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
  }

  static String sign(JWSAlgorithm alg, JWSSigner signer, String kid, JWTClaimsSet c)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), c);
    jwt.sign(signer);
    return jwt.serialize();
  }

  String providerSigned(JWTClaimsSet c) throws Exception {
    RSAKey k = keys.current;
    return sign(JWSAlgorithm.RS256, new RSASSASigner(k), k.getKeyID(), c);
  }

  /** Asserts a 401 whose message contains {@code words} and not the token. */
  void refused(String token, String code, String... words) throws Exception {
    for (HttpResponse<String> r :
        List.of(h.get("/v1/models", token), h.get("/user/info?user_id=x", token))) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
      assertThat(r.body()).doesNotContain(token);
      JsonNode e = AdminHarness.json(r).path("error");
      assertThat(e.path("type").asText()).isEqualTo("authentication_error");
      assertThat(e.path("code").asText()).isEqualTo(code);
      assertThat(e.path("message").asText()).contains(words);
    }
  }

  User user(String id) {
    return h.db.users().info(id).orElseThrow();
  }

  List<String> teamsOf(String id) {
    return h.db.users().teamsOf(id).stream().map(TeamMember::teamId).sorted().toList();
  }

  @Test
  void aTokenFromTheProviderWorksAndItsUserIsCreatedWithTheClaimedRole() throws Exception {
    String t = token("alice", Map.of("roles", List.of("proxy_admin"), "name", "Alice A."));
    assertThat(h.get("/v1/models", t).statusCode()).isEqualTo(200);
    assertThat(h.chat(t, "priced").statusCode()).isEqualTo(200);
    User alice = user("alice");
    assertThat(alice.role()).isEqualTo(UserRole.PROXY_ADMIN);
    // the management API: a proxy admin may list users
    assertThat(h.okGet("/user/list", t).toString()).contains("alice");
  }

  @Test
  void rolesAString_aList_theHighestWins_andTheRoleFollowsTheClaim() throws Exception {
    assertThat(h.get("/v1/models", token("rita", Map.of("roles", "internal_user"))).statusCode())
        .isEqualTo(200);
    assertThat(user("rita").role()).isEqualTo(UserRole.INTERNAL_USER);
    String both = token("rita", Map.of("roles", List.of("internal_user", "proxy_admin_viewer")));
    assertThat(h.get("/v1/models", both).statusCode()).isEqualTo(200);
    assertThat(user("rita").role()).isEqualTo(UserRole.PROXY_ADMIN_VIEWER);
    // unknown values are ignored; no recognised role: the default role
    String other = token("rita", Map.of("roles", List.of("offline_access", "uma_authorization")));
    assertThat(h.get("/v1/models", other).statusCode()).isEqualTo(200);
    assertThat(user("rita").role()).isEqualTo(UserRole.INTERNAL_USER_VIEWER);
  }

  @Test
  void missingRoleClaimGetsTheDefaultRole() throws Exception {
    assertThat(h.get("/v1/models", token("norole", Map.of())).statusCode()).isEqualTo(200);
    assertThat(user("norole").role()).isEqualTo(UserRole.INTERNAL_USER_VIEWER);
  }

  @Test
  void teamClaimJoinsExistingTeamsAndLeavesUnclaimedOnes() throws Exception {
    String t =
        token(
            "tess",
            Map.of("roles", "internal_user", "groups", List.of("t1", "ghost"), "org", "north"));
    assertThat(h.get("/v1/models", t).statusCode()).isEqualTo(200);
    assertThat(teamsOf("tess")).containsExactly("t1");
    assertThat(h.db.users().orgsOf("tess")).extracting(m -> m.organizationId()).contains("north");
    assertThat(h.db.teams().info("ghost")).isEmpty(); // claims never create teams
    String moved = token("tess", Map.of("roles", "internal_user", "groups", "t2"));
    assertThat(h.get("/v1/models", moved).statusCode()).isEqualTo(200);
    assertThat(teamsOf("tess")).containsExactly("t2");
    String none = token("tess", Map.of("roles", "internal_user", "groups", List.of()));
    assertThat(h.get("/v1/models", none).statusCode()).isEqualTo(200);
    assertThat(teamsOf("tess")).isEmpty();
  }

  @Test
  void spendRowsCarryTheJwtUserAndItsTeam() throws Exception {
    String t = token("spender", Map.of("roles", "internal_user", "groups", List.of("t1")));
    assertThat(h.chat(t, "priced").statusCode()).isEqualTo(200);
    JsonNode logs = h.okGetAfterSpendFlush("/spend/logs?user_id=spender");
    assertThat(logs.path("data").size()).isEqualTo(1);
    JsonNode row = logs.path("data").get(0);
    assertThat(row.path("user").asText()).isEqualTo("spender");
    assertThat(row.path("team_id").asText()).isEqualTo("t1");
    assertThat(row.path("organization_id").asText()).isEqualTo("north");
    assertThat(row.path("api_key").isNull()).isTrue();
    assertThat(row.path("spend").asDouble()).isGreaterThan(0);
    // the user's own spend, read with the token
    assertThat(h.okGet("/spend/logs", t).path("data").size()).isEqualTo(1);
  }

  @Test
  void budgetsModelAccessTagsAndBlocksApplyToJwtUsers() throws Exception {
    String t = token("gov", Map.of("roles", "internal_user", "groups", List.of("t2")));
    assertThat(h.get("/v1/models", t).statusCode()).isEqualTo(200); // created on first sight
    h.ok("/team/update", MASTER, "{\"team_id\":\"t2\",\"tags\":[\"t2-tag\"]}");
    h.ok(
        "/user/update",
        MASTER,
        "{\"user_id\":\"gov\",\"models\":[\"priced\"],\"max_budget\":0.03}");
    // the request context the router sees carries the token's user, its team and the team's tags
    HttpResponse<String> first = h.post("/v1/chat/completions", t, PRICED_CALL);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    var ctx = h.contexts.get(h.contexts.size() - 1);
    assertThat(ctx.userId()).isEqualTo("gov");
    assertThat(ctx.teamId()).isEqualTo("t2");
    assertThat(ctx.keyId()).isNull();
    assertThat(ctx.tags()).contains("t2-tag");
    // the user's model list
    HttpResponse<String> other = h.chat(t, "gpt-4o-mini");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
    // the user's budget (0.03; 0.012 per call, checked before each call) runs out
    HttpResponse<String> last = null;
    for (int i = 0; i < 4 && (last == null || last.statusCode() == 200); i++) {
      last = h.post("/v1/chat/completions", t, PRICED_CALL);
    }
    assertThat(last.statusCode()).as(last.body()).isEqualTo(429);
    assertThat(AdminHarness.json(last).path("error").path("code").asText())
        .isEqualTo("budget_exceeded");
    // a blocked team refuses its members' tokens, as it refuses its keys
    h.ok("/team/block", MASTER, "{\"team_id\":\"t2\"}");
    try {
      HttpResponse<String> blocked = h.get("/v1/models", t);
      assertThat(blocked.statusCode()).isEqualTo(401);
      assertThat(blocked.body()).contains("Your team 't2' is blocked");
    } finally {
      h.ok("/team/unblock", MASTER, "{\"team_id\":\"t2\"}");
    }
  }

  @Test
  void roleMatrixAppliesToJwtPrincipals() throws Exception {
    String admin = token("j-admin", Map.of("roles", "proxy_admin"));
    String viewer = token("j-viewer", Map.of("roles", "proxy_admin_viewer"));
    String iu = token("j-user", Map.of("roles", "internal_user"));
    String iuv = token("j-iuv", Map.of("roles", "internal_user_viewer"));
    record Row(String who, String token, String method, String path, String body, int status) {}
    List<Row> rows =
        List.of(
            new Row("admin", admin, "POST", "/team/new", "{\"team_id\":\"j-team\"}", 200),
            new Row("admin", admin, "GET", "/audit/logs", null, 200),
            new Row("admin", admin, "GET", "/user/list", null, 200),
            new Row("viewer", viewer, "GET", "/user/list", null, 200),
            new Row("viewer", viewer, "GET", "/team/info?team_id=t1", null, 200),
            new Row("viewer", viewer, "POST", "/budget/new", "{\"budget_id\":\"j-b\"}", 403),
            new Row("viewer", viewer, "POST", "/key/generate", "{}", 403),
            new Row("user", iu, "GET", "/user/list", null, 403),
            new Row("user", iu, "GET", "/user/info?user_id=j-user", null, 200),
            new Row("user", iu, "GET", "/user/info?user_id=j-admin", null, 403),
            new Row("user", iu, "POST", "/team/new", "{\"team_id\":\"j-team2\"}", 403),
            new Row("user", iu, "POST", "/key/generate", "{\"user_id\":\"j-user\"}", 200),
            new Row("user", iu, "POST", "/key/generate", "{\"user_id\":\"j-admin\"}", 403),
            new Row("iuv", iuv, "GET", "/user/info?user_id=j-iuv", null, 200),
            new Row("iuv", iuv, "POST", "/key/generate", "{\"user_id\":\"j-iuv\"}", 403),
            new Row("iuv", iuv, "GET", "/audit/logs", null, 403));
    for (Row r : rows) {
      HttpResponse<String> a = h.call(r.method(), r.path(), r.token(), r.body());
      assertThat(a.statusCode())
          .as("%s %s %s %s -> %s", r.who(), r.method(), r.path(), r.body(), a.body())
          .isEqualTo(r.status());
    }
    // audit rows name the token's user as the actor
    JsonNode audit = h.okGet("/audit/logs?object_id=j-team", MASTER);
    assertThat(audit.toString()).contains("\"changed_by\":\"j-admin\"");
    // a single sign-on caller has no key of its own
    HttpResponse<String> info = h.get("/key/info", iu);
    assertThat(info.statusCode()).isEqualTo(400);
    assertThat(info.body()).contains("single sign-on caller has no key info");
  }

  @Test
  void keysKeepWorkingBesideJwts() throws Exception {
    String key = h.ok("/key/generate", MASTER, "{}").path("key").asText();
    assertThat(h.get("/v1/models", key).statusCode()).isEqualTo(200);
    refused("sk-not-a-key", "invalid_api_key", "Incorrect API key");
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void expiredIsRefused() throws Exception {
    Instant now = clock.instant();
    String t =
        providerSigned(
            claims("late")
                .issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .build());
    refused(t, "invalid_token", "expired", "(exp)");
    assertThat(h.db.users().info("late")).isEmpty();
  }

  @Test
  void expiredWithinTheLeewayIsAccepted() throws Exception {
    String t =
        providerSigned(
            claims("skew")
                .expirationTime(Date.from(clock.instant().minus(Duration.ofSeconds(10))))
                .build());
    assertThat(h.get("/v1/models", t).statusCode()).isEqualTo(200);
  }

  @Test
  void notYetValidIsRefused() throws Exception {
    String t =
        providerSigned(
            claims("early").notBeforeTime(Date.from(clock.instant().plusSeconds(3600))).build());
    refused(t, "invalid_token", "not valid before", "(nbf)");
  }

  @Test
  void issuedInTheFutureIsRefused() throws Exception {
    String t =
        providerSigned(
            claims("future").issueTime(Date.from(clock.instant().plusSeconds(3600))).build());
    refused(t, "invalid_token", "issued in the future", "(iat)");
  }

  @Test
  void wrongIssuerIsRefused() throws Exception {
    String t = providerSigned(claims("mallory").issuer("https://evil.example/realms/acme").build());
    refused(t, "invalid_token", "issuer (iss)");
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    refused(
        token("aud", List.of("another-app"), Map.of("roles", "proxy_admin")),
        "invalid_token",
        "audience (aud)",
        "'" + AUD + "'");
  }

  @Test
  void wrongSignatureIsRefused() throws Exception {
    String t =
        sign(
            JWSAlgorithm.RS256,
            new RSASSASigner(rsa("forger")),
            keys.current.getKeyID(),
            claims("forged").claim("roles", "proxy_admin").build());
    refused(t, "invalid_token", "signature does not verify");
    assertThat(h.db.users().info("forged")).isEmpty();
  }

  @Test
  void tamperedPayloadIsRefused() throws Exception {
    String[] parts = token("tamper", Map.of("roles", "internal_user")).split("\\.");
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims("tamper")
                    .claim("roles", "proxy_admin")
                    .build()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    refused(parts[0] + "." + payload + "." + parts[2], "invalid_token", "signature");
  }

  @Test
  void algNoneIsRefused() throws Exception {
    String t = new PlainJWT(claims("none").claim("roles", "proxy_admin").build()).serialize();
    assertThat(t).endsWith(".");
    refused(t, "invalid_token", "alg: none");
    assertThat(h.db.users().info("none")).isEmpty();
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    // the classic algorithm confusion: HMAC keyed with the provider's public key
    byte[] publicKey = keys.current.toRSAPublicKey().getEncoded();
    String t =
        sign(
            JWSAlgorithm.HS256,
            new MACSigner(publicKey),
            keys.current.getKeyID(),
            claims("confused").claim("roles", "proxy_admin").build());
    refused(t, "invalid_token", "HS256", "not accepted");
    assertThat(h.db.users().info("confused")).isEmpty();
  }

  @Test
  void unknownKidIsRefused() throws Exception {
    String t =
        sign(
            JWSAlgorithm.RS256,
            new RSASSASigner(rsa("stranger")),
            "stranger",
            claims("stranger").build());
    refused(t, "invalid_token", "key id (kid)");
  }

  @Test
  void garbageThatLooksLikeAJwtIsRefused() throws Exception {
    refused("aaaa.bbbb.cccc", "invalid_token", "not a well-formed JWT");
    refused("eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln", "invalid_token", "not a valid JSON object");
  }

  @Test
  void missingUserClaimIsRefused() throws Exception {
    String t =
        providerSigned(
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUD)
                .expirationTime(Date.from(clock.instant().plusSeconds(600)))
                .build());
    refused(t, "invalid_token", "no user claim 'sub'");
  }

  @Test
  void aRotatedKeyIsPickedUp() throws Exception {
    String before = token("rot", Map.of("roles", "internal_user"));
    assertThat(h.get("/v1/models", before).statusCode()).isEqualTo(200);
    // later than the refetch interval after any earlier fetch: a new kid may be fetched
    clock.advance(Duration.ofMinutes(1));
    keys.current = rsa("key-" + System.nanoTime());
    String after = token("rot", Map.of("roles", "internal_user"));
    assertThat(h.get("/v1/models", after).statusCode()).isEqualTo(200);
    // the old key left the provider's set: its tokens no longer verify
    refused(before, "invalid_token", "key id (kid)");
  }

  // ------------------------------------------------------------------ the JWK set, alone

  @Test
  void unknownKidsRefetchTheKeysAtMostOncePerInterval() throws Exception {
    MutableClock c = new MutableClock(Instant.now());
    URI jwks = URI.create(idp.jwksUrl(ISSUER_ID).toString());
    JwksSource source =
        new JwksSource(() -> jwks, new IdpHttp(), c, Duration.ofMinutes(5), Duration.ofSeconds(30));
    JWKSelector unknown = new JWKSelector(new JWKMatcher.Builder().keyID("nope").build());
    JWKSelector known =
        new JWKSelector(new JWKMatcher.Builder().keyID(keys.current.getKeyID()).build());
    assertThat(source.get(known, null)).hasSize(1);
    assertThat(source.fetches()).isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      assertThat(source.get(unknown, null)).isEmpty();
    }
    assertThat(source.fetches()).isEqualTo(1); // within the interval: no refetch
    c.advance(Duration.ofSeconds(31));
    assertThat(source.get(unknown, null)).isEmpty();
    assertThat(source.get(unknown, null)).isEmpty();
    assertThat(source.fetches()).isEqualTo(2);
    assertThat(source.get(known, null).get(0).isPrivate()).isFalse();
    c.advance(Duration.ofMinutes(6)); // past the cache time: fetched again on use
    assertThat(source.get(known, null)).hasSize(1);
    assertThat(source.fetches()).isEqualTo(3);
  }
}
