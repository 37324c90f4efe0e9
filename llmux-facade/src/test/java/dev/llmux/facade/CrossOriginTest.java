package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Browser cross-site requests (issue 18, item 7). Without keys the facade serves loopback callers
 * without authentication, so a web page the user visits could POST to it ({@code Content-Type:
 * text/plain} needs no CORS preflight) and spend provider credits. Refused: an {@code Origin} that
 * is not allowed (403), a body that is not {@code application/json} (415), and, without keys, a
 * {@code Host} that is not a loopback name (DNS rebinding).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossOriginTest {
  Harness h;

  @BeforeAll
  void start() throws Exception {
    h = new Harness();
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(h.uri(path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    return h.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCrossSiteTextPlainPostIsRefused() throws Exception {
    int calls = h.contexts.size();
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "text/plain",
            Harness.chatBody("gpt-4o-mini"),
            "Origin",
            "http://evil.example");
    FacadeHttpTest.assertError(r, 403, "permission_error", "origin_not_allowed", null);
    assertThat(h.contexts).hasSize(calls); // never reached the router
  }

  @Test
  void aCrossSiteJsonPostIsRefused() throws Exception {
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "application/json",
            Harness.chatBody("gpt-4o-mini"),
            "Origin",
            "http://evil.example");
    FacadeHttpTest.assertError(r, 403, "permission_error", "origin_not_allowed", null);
    r = post("/v1/embeddings", "application/json", "{}", "Origin", "null");
    FacadeHttpTest.assertError(r, 403, "permission_error", "origin_not_allowed", null);
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
      HttpResponse<String> r = post("/v1/chat/completions", type, Harness.chatBody("gpt-4o-mini"));
      FacadeHttpTest.assertError(r, 415, "invalid_request_error", "unsupported_media_type", null);
    }
    HttpResponse<String> r = post("/v1/chat/completions", null, Harness.chatBody("gpt-4o-mini"));
    FacadeHttpTest.assertError(r, 415, "invalid_request_error", "unsupported_media_type", null);
    r =
        post(
            "/v1/chat/completions",
            "Application/JSON; charset=utf-8",
            Harness.chatBody("gpt-4o-mini"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void theSameOriginIsServed() throws Exception {
    String self = "http://127.0.0.1:" + h.server.port();
    HttpResponse<String> r =
        post(
            "/v1/chat/completions",
            "application/json",
            Harness.chatBody("gpt-4o-mini"),
            "Origin",
            self);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void withoutKeysAHostThatIsNotLoopbackIsRefused() throws Exception {
    // a page on evil.example whose name was rebound to 127.0.0.1: same origin, foreign Host
    String body = Harness.chatBody("gpt-4o-mini");
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example:"
                  + h.server.port()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("host_not_allowed");
    }
  }

  @Test
  void healthAndMetricsIgnoreOrigin() throws Exception {
    assertThat(h.get("/health/live", "Origin", "http://evil.example").statusCode()).isEqualTo(200);
  }

  @Test
  void theManagementApiRefusesCrossSiteRequests() throws Exception {
    try (AdminHarness a = new AdminHarness()) {
      HttpResponse<String> r =
          a.post(
              "/key/generate",
              AdminHarness.MASTER,
              "{\"key_alias\":\"x\"}",
              "Origin",
              "http://evil.example");
      FacadeHttpTest.assertError(r, 403, "permission_error", "origin_not_allowed", null);
      assertThat(a.okGet("/key/list", AdminHarness.MASTER).path("total_count").asInt()).isZero();
    }
  }

  @Test
  void allowedOriginsGetCorsHeadersAndPreflights() throws Exception {
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .cors(
                new ServerConfig.Cors(
                    java.util.Set.of("https://App.example.com/"), Duration.ofMinutes(5)))
            .build();
    try (Harness c = new Harness(config)) {
      HttpResponse<String> pre =
          c.http.send(
              HttpRequest.newBuilder(c.uri("/v1/chat/completions"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://app.example.com")
                  .header("Access-Control-Request-Method", "POST")
                  .header("Access-Control-Request-Headers", "authorization, content-type")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pre.statusCode()).isEqualTo(200);
      assertThat(pre.headers().firstValue("access-control-allow-origin"))
          .hasValue("https://app.example.com");
      assertThat(pre.headers().firstValue("access-control-allow-methods").orElseThrow())
          .contains("POST");
      assertThat(pre.headers().firstValue("access-control-allow-headers").orElseThrow())
          .contains("Authorization");
      assertThat(pre.headers().firstValue("access-control-max-age")).hasValue("300");

      HttpResponse<String> ok =
          c.post(
              "/v1/chat/completions",
              Harness.chatBody("gpt-4o-mini"),
              "Origin",
              "https://app.example.com");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.headers().firstValue("access-control-allow-origin"))
          .hasValue("https://app.example.com");
      assertThat(ok.headers().firstValue("access-control-expose-headers").orElseThrow())
          .contains("x-request-id")
          .contains("x-llmux-deployment");

      HttpResponse<String> evil =
          c.post(
              "/v1/chat/completions",
              Harness.chatBody("gpt-4o-mini"),
              "Origin",
              "http://evil.example");
      FacadeHttpTest.assertError(evil, 403, "permission_error", "origin_not_allowed", null);
      assertThat(evil.headers().firstValue("access-control-allow-origin")).isEmpty();

      HttpResponse<String> evilPre =
          c.http.send(
              HttpRequest.newBuilder(c.uri("/v1/chat/completions"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "http://evil.example")
                  .header("Access-Control-Request-Method", "POST")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(evilPre.headers().firstValue("access-control-allow-origin")).isEmpty();
    }
  }
}
