package dev.llmux.facade;

import static dev.llmux.facade.FacadeHttpTest.assertError;
import static dev.llmux.facade.FacadeHttpTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.RequestContext;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * API keys: the three headers, 401, 403, model listing per key, the request context, open health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacadeAuthTest {
  static final String MASTER = "sk-master-123";
  static final String TEAM_KEY = "sk-team-abc";
  Harness h;

  @BeforeAll
  void start() throws Exception {
    h =
        new Harness(
            ServerConfig.builder()
                .port(0)
                .masterKey(MASTER)
                .keys(
                    List.of(
                        new ServerConfig.Key(
                            TEAM_KEY,
                            "team-a-key",
                            List.of("gpt-4o-mini", "slow*"),
                            "alice",
                            "team-a",
                            "acme")))
                .build());
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  @Test
  void missingOrWrongKeyIs401() throws Exception {
    assertError(
        h.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini")),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    assertError(
        h.post(
            "/v1/chat/completions",
            Harness.chatBody("gpt-4o-mini"),
            "Authorization",
            "Bearer sk-nope"),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    assertError(
        h.post(
            "/v1/chat/completions", Harness.chatBody("gpt-4o-mini"), "Authorization", "Basic abc"),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    assertError(h.get("/v1/models"), 401, "authentication_error", "invalid_api_key", null);
    assertError(h.get("/models"), 401, "authentication_error", "invalid_api_key", null);
    assertError(
        h.post("/v1/audio/speech", "{}"), 401, "authentication_error", "invalid_api_key", null);
  }

  @Test
  void eachOfTheThreeHeadersIsAccepted() throws Exception {
    assertThat(
            h.post(
                    "/v1/chat/completions",
                    Harness.chatBody("gpt-4o-mini"),
                    "Authorization",
                    "Bearer " + MASTER)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.post(
                    "/v1/chat/completions",
                    Harness.chatBody("gpt-4o-mini"),
                    "authorization",
                    "bearer " + TEAM_KEY)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini"), "api-key", TEAM_KEY)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            h.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini"), "x-api-key", MASTER)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void theKeyFillsTheRequestContext() throws Exception {
    HttpResponse<String> r =
        h.post(
            "/v1/chat/completions",
            Harness.chatBody("gpt-4o-mini"),
            "Authorization",
            "Bearer " + TEAM_KEY,
            "x-request-id",
            "ctx-check");
    assertThat(r.statusCode()).isEqualTo(200);
    RequestContext ctx =
        h.contexts.stream()
            .filter(c -> "ctx-check".equals(c.requestId()))
            .findFirst()
            .orElseThrow();
    assertThat(ctx.keyId()).isEqualTo("team-a-key");
    assertThat(ctx.userId()).isEqualTo("alice");
    assertThat(ctx.teamId()).isEqualTo("team-a");
    assertThat(ctx.orgId()).isEqualTo("acme");
    h.post(
        "/v1/chat/completions",
        Harness.chatBody("gpt-4o-mini"),
        "api-key",
        MASTER,
        "x-request-id",
        "ctx-master");
    RequestContext m =
        h.contexts.stream()
            .filter(c -> "ctx-master".equals(c.requestId()))
            .findFirst()
            .orElseThrow();
    assertThat(m.keyId()).isEqualTo("master");
  }

  @Test
  void aModelOutsideTheKeysListIs403() throws Exception {
    HttpResponse<String> r =
        h.post("/v1/chat/completions", Harness.chatBody("embed"), "api-key", TEAM_KEY);
    assertError(r, 403, "permission_error", "model_not_allowed", "model");
    assertError(
        h.post("/v1/chat/completions", Harness.streamBody("embed"), "api-key", TEAM_KEY),
        403,
        "permission_error",
        "model_not_allowed",
        "model");
    assertError(
        h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"x\"}", "api-key", TEAM_KEY),
        403,
        "permission_error",
        "model_not_allowed",
        "model");
    // A wildcard entry in the key's list.
    assertThat(
            h.post("/v1/chat/completions", Harness.streamBody("slow-finite"), "api-key", TEAM_KEY)
                .statusCode())
        .isEqualTo(200);
    // The master key may use everything.
    assertThat(
            h.post("/v1/embeddings", "{\"model\":\"embed\",\"input\":\"x\"}", "api-key", MASTER)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void modelsListOnlyWhatTheKeyMayUse() throws Exception {
    HttpResponse<String> r = h.get("/v1/models", "x-api-key", TEAM_KEY);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).findValuesAsText("id"))
        .containsExactlyInAnyOrder("gpt-4o-mini", "slow", "slow-finite");
    assertThat(h.get("/v1/models/gpt-4o-mini", "x-api-key", TEAM_KEY).statusCode()).isEqualTo(200);
    assertError(
        h.get("/v1/models/embed", "x-api-key", TEAM_KEY),
        404,
        "invalid_request_error",
        "model_not_found",
        "model");
    assertThat(json(h.get("/v1/models", "x-api-key", MASTER)).findValuesAsText("id"))
        .contains("embed");
  }

  @Test
  void healthAndMetricsNeedNoKey() throws Exception {
    h.post("/v1/embeddings", "{}");
    assertThat(h.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(h.get("/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = h.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    // Rejected calls are counted under their route.
    assertThat(metrics.body())
        .contains("llmux_facade_requests_seconds_count{route=\"/v1/embeddings\",status=\"401\"}");
  }

  @Test
  void withoutKeysOnlyLoopbackHostsMayBeBound() throws Exception {
    ServerConfig open = ServerConfig.builder().host("0.0.0.0").port(0).build();
    assertThatThrownBy(() -> new FacadeServer(open, new FacadeMetrics()).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0")
        .hasMessageContaining("no API key is configured");
    assertThat(FacadeServer.bindRefusal(open.toBuilder().masterKey("k").build())).isNull();
    assertThat(FacadeServer.bindRefusal(open.toBuilder().host("localhost").build())).isNull();
    assertThat(FacadeServer.bindRefusal(open.toBuilder().host("::1").build())).isNull();
  }
}
