package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Raw HTTP against a facade without keys: endpoints, errors, headers, health and metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacadeHttpTest {
  Harness h;

  @BeforeAll
  void start() throws Exception {
    h = new Harness(ServerConfig.builder().port(0).maxRequestBody(64 * 1024).build());
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  static JsonNode json(HttpResponse<String> r) {
    return Json.read(r.body(), JsonNode.class);
  }

  static void assertError(
      HttpResponse<String> r, int status, String type, String code, String param) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode e = json(r).get("error");
    assertThat(e).as(r.body()).isNotNull();
    assertThat(e.get("message").asText()).isNotBlank();
    assertThat(e.get("type").asText()).isEqualTo(type);
    assertThat(e.has("param")).isTrue();
    assertThat(e.has("code")).isTrue();
    if (code != null) {
      assertThat(e.get("code").asText()).isEqualTo(code);
    }
    if (param != null) {
      assertThat(e.get("param").asText()).isEqualTo(param);
    } else {
      assertThat(e.get("param").isNull()).isTrue();
    }
    assertThat(r.headers().firstValue("x-request-id")).isPresent();
  }

  @Test
  void chatAnswersJsonWithRoutingHeaders() throws Exception {
    HttpResponse<String> r = h.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = json(r);
    assertThat(body.get("object").asText()).isEqualTo("chat.completion");
    assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello from ok");
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(12);
    assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("fake-gpt-4o-mini");
    assertThat(r.headers().firstValue("x-llmux-model-group")).hasValue("gpt-4o-mini");
    assertThat(r.headers().firstValue("x-llmux-attempts")).hasValue("1");
    assertThat(r.headers().firstValue("x-llmux-cache-hit")).hasValue("false");
    assertThat(r.headers().firstValue("x-llmux-overhead-ms").orElseThrow())
        .matches("\\d+\\.\\d{3}");
    assertThat(r.headers().firstValue("x-request-id").orElseThrow()).startsWith("req_").hasSize(36);
    assertThat(r.headers().firstValue("server")).isEmpty();
  }

  @Test
  void requestIdIsEchoedAndPassedToTheRouter() throws Exception {
    HttpResponse<String> r =
        h.post(
            "/v1/chat/completions",
            Harness.chatBody("gpt-4o-mini"),
            "x-request-id",
            "caller-req-42");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("x-request-id")).hasValue("caller-req-42");
    assertThat(h.contexts).anyMatch(c -> "caller-req-42".equals(c.requestId()));
  }

  @Test
  void unknownRequestFieldsAreForwarded() throws Exception {
    String body =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"temperature\":0.5,\"custom_flag\":{\"a\":[1,2]},\"top_k\":7,\"user\":\"end-user-1\"}";
    HttpResponse<String> r = h.post("/v1/chat/completions", body, "x-request-id", "fwd-1");
    assertThat(r.statusCode()).isEqualTo(200);
    ChatCompletionRequest sent =
        (ChatCompletionRequest)
            h.provider.requests.stream()
                .filter(
                    o ->
                        o instanceof ChatCompletionRequest c
                            && c.extra().containsKey("custom_flag"))
                .findFirst()
                .orElseThrow();
    assertThat(sent.extra())
        .containsEntry("top_k", 7)
        .containsEntry("custom_flag", Map.of("a", List.of(1, 2)));
    assertThat(sent.temperature()).isEqualTo(0.5);
    assertThat(sent.model()).isEqualTo("ok");
    assertThat(h.contexts)
        .anyMatch(c -> "fwd-1".equals(c.requestId()) && "end-user-1".equals(c.endUserId()));
  }

  @Test
  void pathsWithoutV1AreAliases() throws Exception {
    assertThat(h.post("/chat/completions", Harness.chatBody("gpt-4o-mini")).statusCode())
        .isEqualTo(200);
    assertThat(h.post("/embeddings", "{\"model\":\"embed\",\"input\":\"x\"}").statusCode())
        .isEqualTo(200);
    assertThat(h.get("/models").statusCode()).isEqualTo(200);
    assertThat(h.get("/models/gpt-4o-mini").statusCode()).isEqualTo(200);
  }

  @Test
  void embeddings() throws Exception {
    HttpResponse<String> r =
        h.post(
            "/v1/embeddings",
            "{\"model\":\"embed\",\"input\":[\"a\",\"b\"],\"dimensions\":3,\"x_extra\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("data")).hasSize(2);
    assertThat(body.at("/data/1/embedding/2").asDouble()).isEqualTo(1.0);
    assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("fake-embed");
    assertThat(h.provider.requests)
        .anyMatch(o -> o instanceof EmbeddingRequest e && e.extra().containsKey("x_extra"));
    assertError(
        h.post("/v1/embeddings", "{\"model\":\"embed\"}"),
        400,
        "invalid_request_error",
        null,
        "input");
  }

  @Test
  void models() throws Exception {
    HttpResponse<String> r = h.get("/v1/models");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.findValuesAsText("id")).contains("gpt-4o-mini", "embed", "slow");
    HttpResponse<String> one = h.get("/v1/models/gpt-4o-mini");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(json(one).get("id").asText()).isEqualTo("gpt-4o-mini");
    assertThat(json(one).get("object").asText()).isEqualTo("model");
    assertError(h.get("/v1/models/nope"), 404, "invalid_request_error", "model_not_found", "model");
  }

  @Test
  void malformedJsonIs400() throws Exception {
    assertError(
        h.post("/v1/chat/completions", "{\"model\": \"gpt-4o-mini\", "),
        400,
        "invalid_request_error",
        "invalid_json",
        null);
    assertError(
        h.post("/v1/chat/completions", "not json"),
        400,
        "invalid_request_error",
        "invalid_json",
        null);
    assertError(
        h.post("/v1/chat/completions", ""), 400, "invalid_request_error", "invalid_json", null);
  }

  @Test
  void missingModelIs400WithParamModel() throws Exception {
    assertError(
        h.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
        400,
        "invalid_request_error",
        null,
        "model");
    assertError(
        h.post("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\"}"),
        400,
        "invalid_request_error",
        null,
        "messages");
  }

  @Test
  void unknownModelIs404() throws Exception {
    assertError(
        h.post("/v1/chat/completions", Harness.chatBody("no-such-model")),
        404,
        "invalid_request_error",
        "model_not_found",
        "model");
    assertError(
        h.post("/v1/chat/completions", Harness.streamBody("no-such-model")),
        404,
        "invalid_request_error",
        "model_not_found",
        "model");
  }

  @Test
  void rateLimitedIs429WithRetryAfterRoundedUp() throws Exception {
    HttpResponse<String> r = h.post("/v1/chat/completions", Harness.chatBody("ratelimited"));
    assertError(r, 429, "rate_limit_error", "rate_limit_exceeded", null);
    assertThat(r.headers().firstValue("retry-after")).hasValue("2");
    assertThat(json(r).at("/error/message").asText()).contains("Rate limit reached for fake");
  }

  @Test
  void budgetExceededIs429InsufficientQuota() throws Exception {
    assertError(
        h.post("/v1/chat/completions", Harness.chatBody("budget")),
        429,
        "insufficient_quota",
        "budget_exceeded",
        null);
  }

  @Test
  void upstreamFailuresKeepTheUpstreamMessage() throws Exception {
    HttpResponse<String> r500 = h.post("/v1/chat/completions", Harness.chatBody("upstream-500"));
    assertError(r500, 502, "api_error", "upstream_error", null);
    assertThat(json(r500).at("/error/message").asText())
        .contains("upstream said: internal failure");
    HttpResponse<String> r503 = h.post("/v1/chat/completions", Harness.chatBody("upstream-503"));
    assertError(r503, 503, "api_error", "upstream_error", null);
    assertThat(json(r503).at("/error/message").asText()).contains("overloaded");
    assertError(
        h.post("/v1/chat/completions", Harness.chatBody("timeout")),
        504,
        "timeout_error",
        "timeout",
        null);
    assertError(
        h.post("/v1/chat/completions", Harness.chatBody("upstream-auth")),
        401,
        "authentication_error",
        null,
        null);
  }

  @Test
  void noHealthyDeploymentIs503WithRetryAfter() throws Exception {
    HttpResponse<String> r = h.post("/v1/chat/completions", Harness.chatBody("no-healthy"));
    assertError(r, 503, "api_error", "no_healthy_deployment", null);
    assertThat(r.headers().firstValue("retry-after")).hasValue("3");
  }

  @Test
  void aClosedRouterIs503RouterClosed() throws Exception {
    HttpResponse<String> r = h.post("/v1/chat/completions", Harness.chatBody("router-closed"));
    assertError(r, 503, "api_error", "router_closed", null);
    assertThat(json(r).at("/error/message").asText()).isEqualTo("the router is closed");
    assertError(
        h.post("/v1/chat/completions", Harness.streamBody("router-closed")),
        503,
        "api_error",
        "router_closed",
        null);
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String big =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + "x".repeat(70 * 1024)
            + "\"}]}";
    assertError(
        h.post("/v1/chat/completions", big),
        413,
        "invalid_request_error",
        "request_too_large",
        null);
    // Chunked, so no Content-Length to refuse up front: the limit applies while reading.
    HttpRequest chunked =
        HttpRequest.newBuilder(h.uri("/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    HttpResponse<String> r = h.http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertError(r, 413, "invalid_request_error", "request_too_large", null);
  }

  @Test
  void aClientStillSendingAnOverLimitBodyReadsThe413() throws Exception {
    // Headers and the whole body in one write, then read: the server answers 413 on the declared
    // length; if it closed with the body unread, the kernel would reset the connection and the
    // client could lose the answer. Ten times, since a reset is a race.
    byte[] body =
        ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(300 * 1024)
                + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 10; i++) {
      try (java.net.Socket socket =
          new java.net.Socket(h.uri("/").getHost(), h.uri("/").getPort())) {
        socket.setSoTimeout(20_000);
        java.io.OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 413").contains("request_too_large");
      }
    }
  }

  @Test
  void endpointsLlmuxDoesNotServeAre400() throws Exception {
    for (String path :
        List.of(
            "/v1/audio/speech",
            "/v1/images/generations",
            "/v1/files",
            "/v1/batches",
            "/v1/fine_tuning/jobs",
            "/v1/moderations",
            "/v1/assistants",
            "/v1/threads/t1/runs",
            "/v1/vector_stores",
            "/v1/uploads",
            "/v1/responses/resp_1",
            "/v1/responses/resp_1/input_items",
            "/audio/transcriptions")) {
      HttpResponse<String> r = h.post(path, "{}");
      assertError(r, 400, "invalid_request_error", "unsupported_endpoint", null);
      assertThat(json(r).at("/error/message").asText()).contains("LLMux does not serve " + path);
    }
    assertError(h.get("/v1/files"), 400, "invalid_request_error", "unsupported_endpoint", null);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertError(h.get("/v1/nothing-here"), 404, "invalid_request_error", "unknown_url", null);
    assertError(h.get("/"), 404, "invalid_request_error", "unknown_url", null);
    HttpResponse<String> r = h.get("/v1/chat/completions");
    assertError(r, 405, "invalid_request_error", "method_not_allowed", null);
    assertThat(r.headers().firstValue("allow")).hasValue("POST");
    HttpResponse<String> r2 = h.post("/v1/models", "{}");
    assertError(r2, 405, "invalid_request_error", "method_not_allowed", null);
    assertThat(r2.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void health() throws Exception {
    HttpResponse<String> live = h.get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(h.get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void readinessIs503WithTheReasonUntilTheRouterIsSet() throws Exception {
    try (FacadeServer s =
        new FacadeServer(ServerConfig.builder().port(0).build(), new FacadeMetrics()).start()) {
      HttpResponse<String> r =
          h.http.send(
              HttpRequest.newBuilder(s.baseUri().resolve("/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertError(r, 503, "api_error", "not_ready", null);
      assertThat(r.body()).contains("the router is not built yet");
      HttpResponse<String> chat =
          h.http.send(
              HttpRequest.newBuilder(s.baseUri().resolve("/v1/chat/completions"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertError(chat, 503, "api_error", "not_ready", null);
      s.router(h.router);
      HttpResponse<String> ready =
          h.http.send(
              HttpRequest.newBuilder(s.baseUri().resolve("/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsInPrometheusFormat() throws Exception {
    h.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini"));
    h.post("/v1/chat/completions", Harness.chatBody("no-such-model"));
    HttpResponse<String> r = h.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains("# TYPE llmux_facade_requests_seconds summary")
        .containsPattern(
            "llmux_facade_requests_seconds_count\\{route=\"/v1/chat/completions\",status=\"200\"} \\d+")
        .containsPattern(
            "llmux_facade_requests_seconds_count\\{route=\"/v1/chat/completions\",status=\"404\"} \\d+");
  }

  @Test
  void longUpstreamCallOutlivesTheReadIdleTimeout() throws Exception {
    try (Harness slow =
        new Harness(
            ServerConfig.builder()
                .port(0)
                .readTimeout(Duration.ofMillis(300))
                .writeTimeout(Duration.ofMillis(300))
                .build())) {
      slow.provider.chatDelay = Duration.ofMillis(1000);
      HttpResponse<String> r = slow.post("/v1/chat/completions", Harness.chatBody("gpt-4o-mini"));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  @Test
  void errorsJettyAnswersItselfAreJsonToo() throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                  + "a".repeat(20_000)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = readHead(in);
      assertThat(head)
          .startsWith("HTTP/1.1 431")
          .containsIgnoringCase("content-type: application/json");
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(body)
          .contains("\"type\":\"invalid_request_error\"")
          .contains("\"code\":\"http_431\"");
    }
  }

  @Test
  void aClientThatStopsReadingIsCutOffAfterTheWriteTimeout() throws Exception {
    try (Harness slow =
            new Harness(
                ServerConfig.builder().port(0).writeTimeout(Duration.ofMillis(300)).build());
        Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", slow.server.port()));
      byte[] body = Harness.chatBody("huge").getBytes(StandardCharsets.UTF_8);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      // Do not read until the server must have given up on its blocked write.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      String metrics = "";
      while (!metrics.contains("route=\"/v1/chat/completions\"") && System.nanoTime() < deadline) {
        Thread.sleep(50);
        metrics = slow.get("/metrics").body();
      }
      assertThat(metrics)
          .containsPattern(
              "llmux_facade_requests_seconds_count\\{route=\"/v1/chat/completions\",status=\"200\"} 1");
      s.setSoTimeout(10_000);
      long received = 0;
      try {
        received = s.getInputStream().transferTo(OutputStream.nullOutputStream());
      } catch (java.io.IOException reset) {
        // a reset is a cut too
      }
      assertThat(received).isLessThan(FakeProvider.HUGE);
    }
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", h.server.port())) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < 2; i++) {
        byte[] body = Harness.chatBody("gpt-4o-mini").getBytes(StandardCharsets.UTF_8);
        out.write(
            ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        int len = Integer.parseInt(head.replaceAll("(?s).*[Cc]ontent-[Ll]ength: (\\d+).*", "$1"));
        assertThat(new String(in.readNBytes(len), StandardCharsets.UTF_8))
            .contains("chat.completion");
      }
    }
  }

  static String readHead(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      buf.write(b);
      byte[] a = buf.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        break;
      }
    }
    return buf.toString(StandardCharsets.US_ASCII);
  }
}
