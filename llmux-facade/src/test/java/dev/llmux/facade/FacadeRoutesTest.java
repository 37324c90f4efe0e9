package dev.llmux.facade;

import static dev.llmux.facade.FacadeHttpTest.assertError;
import static dev.llmux.facade.FacadeHttpTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.jdbc.LlmuxDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The route table: every route with every wrong method, unknown paths, the areas LLMux does not
 * serve, the order of the checks (key before method), the admin port, the metric route names, and
 * each error answered once (one JSON object, nothing after it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacadeRoutesTest {
  static final String KEY = "sk-routes";
  static final List<String> POST_ROUTES =
      List.of(
          "/v1/chat/completions",
          "/v1/responses",
          "/v1/completions",
          "/v1/embeddings",
          "/chat/completions",
          "/responses",
          "/completions",
          "/embeddings");
  static final List<String> GET_ROUTES =
      List.of(
          "/v1/models",
          "/v1/models/gpt-4o-mini",
          "/models",
          "/models/gpt-4o-mini",
          "/health/live",
          "/health/ready",
          "/metrics");

  Harness h;

  @BeforeAll
  void start() throws Exception {
    h = new Harness(ServerConfig.builder().port(0).masterKey(KEY).build());
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  HttpResponse<String> call(URI base, String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return h.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> call(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    return call(h.server.baseUri(), method, path, key, body);
  }

  /** One error object and nothing else: the error was answered exactly once. */
  static void answeredOnce(HttpResponse<String> r) {
    assertThat(r.body()).startsWith("{\"error\":{").endsWith("}}");
    assertThat(r.body().indexOf("{\"error\"", 1)).as(r.body()).isEqualTo(-1);
  }

  @Test
  void everyPostRouteRefusesEveryOtherMethodWith405AndAllow() throws Exception {
    for (String path : POST_ROUTES) {
      for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
        HttpResponse<String> r = call(method, path, KEY, method.equals("GET") ? null : "{}");
        assertError(r, 405, "invalid_request_error", "method_not_allowed", null);
        assertThat(r.headers().firstValue("allow")).as(method + " " + path).hasValue("POST");
        assertThat(json(r).at("/error/message").asText())
            .isEqualTo("Method " + method + " is not allowed on " + path);
        answeredOnce(r);
      }
    }
  }

  @Test
  void everyGetRouteRefusesEveryOtherMethodWith405AndAllow() throws Exception {
    for (String path : GET_ROUTES) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
        HttpResponse<String> r = call(method, path, KEY, "{}");
        assertError(r, 405, "invalid_request_error", "method_not_allowed", null);
        assertThat(r.headers().firstValue("allow")).as(method + " " + path).hasValue("GET, HEAD");
        assertThat(json(r).at("/error/message").asText())
            .isEqualTo("Method " + method + " is not allowed on " + path);
        // answered without reading the body: the connection is not reused
        assertThat(r.headers().firstValue("connection")).hasValue("close");
        answeredOnce(r);
      }
      assertThat(call("HEAD", path, KEY, null).statusCode()).as("HEAD " + path).isEqualTo(200);
      assertThat(call("GET", path, KEY, null).statusCode()).as("GET " + path).isEqualTo(200);
    }
  }

  @Test
  void theKeyIsCheckedBeforeTheMethodOnApiPathsButHealthAndMetricsNeedNone() throws Exception {
    assertError(
        call("GET", "/v1/chat/completions", null, null),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    assertError(
        call("POST", "/v1/models", null, "{}"),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    assertError(
        call("GET", "/v1/nothing-here", null, null),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    assertError(
        call("DELETE", "/v1/files", null, null),
        401,
        "authentication_error",
        "invalid_api_key",
        null);
    HttpResponse<String> r = call("POST", "/health/live", null, "{}");
    assertError(r, 405, "invalid_request_error", "method_not_allowed", null);
    assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(call("GET", "/metrics", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAre404WhateverTheMethod() throws Exception {
    for (String path :
        List.of(
            "/",
            "/v1",
            "/v1/",
            "/v1/nothing-here",
            "/v1/models/",
            "/v1/v1/models",
            "/v1/health/live",
            "/healthz",
            "/metrics/x",
            "/v1/chat/completions/x",
            "/chat",
            "/key/generate")) {
      for (String method : List.of("GET", "POST", "DELETE")) {
        HttpResponse<String> r = call(method, path, KEY, method.equals("GET") ? null : "{}");
        assertError(r, 404, "invalid_request_error", "unknown_url", null);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("Unknown path " + path);
        answeredOnce(r);
      }
    }
  }

  @Test
  void areasLlmuxDoesNotServeAre400WhateverTheMethod() throws Exception {
    for (String path :
        List.of(
            "/v1/audio/speech",
            "/images/generations",
            "/v1/responses/resp_1",
            "/v1/responses/resp_1/cancel",
            "/v1/completions/x",
            "/v1/organization/info",
            "/organization/info",
            "/v1/fine-tunes",
            "/v1/engines/x/completions",
            "/v1/videos")) {
      for (String method : List.of("GET", "POST", "DELETE")) {
        HttpResponse<String> r = call(method, path, KEY, method.equals("GET") ? null : "{}");
        assertError(r, 400, "invalid_request_error", "unsupported_endpoint", null);
        assertThat(json(r).at("/error/message").asText())
            .startsWith("LLMux does not serve " + path + ": ");
        answeredOnce(r);
      }
    }
  }

  @Test
  void aJsonNullBodyIsInvalidJson() throws Exception {
    for (String path :
        List.of("/v1/chat/completions", "/v1/responses", "/v1/completions", "/v1/embeddings")) {
      HttpResponse<String> r = call("POST", path, KEY, "null");
      assertError(r, 400, "invalid_request_error", "invalid_json", null);
      answeredOnce(r);
    }
  }

  @Test
  void eachRouteHasItsMetricName() throws Exception {
    call("GET", "/models/gpt-4o-mini", KEY, null);
    call("GET", "/v1/audio/speech", KEY, null);
    call("GET", "/v1/nothing-here", KEY, null);
    call("POST", "/completions", KEY, "{}");
    call("GET", "/health/ready", null, null);
    String metrics = call("GET", "/metrics", null, null).body();
    assertThat(metrics)
        .contains("route=\"/v1/models/{id}\",status=\"200\"")
        .contains("route=\"not_served\",status=\"400\"")
        .contains("route=\"other\",status=\"404\"")
        .contains("route=\"/v1/completions\",status=\"400\"")
        .contains("route=\"/health/ready\",status=\"200\"");
  }

  @Test
  void theAdminPortServesManagementAndHealthOnlyAndTheMainPortNoManagement() throws Exception {
    ServerConfig config =
        ServerConfig.builder().port(0).adminPort(0).masterKey(AdminHarness.MASTER).build();
    try (AdminHarness a =
        new AdminHarness(LlmuxDatabase.builder().url(AdminHarness.memUrl()).build(), config)) {
      URI admin = URI.create("http://127.0.0.1:" + a.server.adminPort());
      URI main = a.server.baseUri();
      String master = AdminHarness.MASTER;
      assertThat(call(admin, "GET", "/health/live", null, null).statusCode()).isEqualTo(200);
      assertThat(call(admin, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
      assertThat(call(admin, "GET", "/metrics", null, null).statusCode()).isEqualTo(200);
      assertThat(call(admin, "GET", "/key/list", master, null).statusCode()).isEqualTo(200);
      for (String path :
          List.of("/v1/chat/completions", "/v1/models", "/v1/audio/speech", "/nothing")) {
        HttpResponse<String> r = call(admin, "POST", path, master, "{}");
        assertError(r, 404, "invalid_request_error", "unknown_url", null);
        assertThat(json(r).at("/error/message").asText()).contains("this is the admin port");
        answeredOnce(r);
      }
      // the management API's own 405, with every method it knows
      HttpResponse<String> wrong = call(admin, "PUT", "/key/generate", master, "{}");
      assertError(wrong, 405, "invalid_request_error", "method_not_allowed", null);
      assertThat(wrong.headers().firstValue("allow")).hasValue("GET, HEAD, POST, PATCH, DELETE");
      answeredOnce(wrong);
      assertError(
          call(admin, "GET", "/key/nope", master, null),
          404,
          "invalid_request_error",
          "unknown_url",
          null);

      // on the main port, management paths are API paths: unknown, or an area LLMux does not serve
      assertError(
          call(main, "POST", "/key/generate", master, "{}"),
          404,
          "invalid_request_error",
          "unknown_url",
          null);
      assertError(
          call(main, "GET", "/organization/list", master, null),
          400,
          "invalid_request_error",
          "unsupported_endpoint",
          null);
      assertThat(
              call(main, "POST", "/v1/chat/completions", master, Harness.chatBody("gpt-4o-mini"))
                  .statusCode())
          .isEqualTo(200);

      String metrics = call(admin, "GET", "/metrics", null, null).body();
      assertThat(metrics)
          .contains("route=\"/key/list\",status=\"200\"")
          .contains("route=\"/key/generate\",status=\"405\"")
          .contains("route=\"management\",status=\"404\"");
    }
  }

  @Test
  void withoutAnAdminPortManagementIsOnTheMainPort() throws Exception {
    try (AdminHarness a = new AdminHarness()) {
      assertThat(a.get("/key/list", AdminHarness.MASTER).statusCode()).isEqualTo(200);
      assertThat(a.get("/organization/list", AdminHarness.MASTER).statusCode()).isEqualTo(200);
      HttpResponse<String> noKey = a.get("/key/list", null);
      assertError(noKey, 401, "authentication_error", "invalid_api_key", null);
      answeredOnce(noKey);
      assertThat(a.get("/v1/models", AdminHarness.MASTER).statusCode()).isEqualTo(200);
    }
  }
}
