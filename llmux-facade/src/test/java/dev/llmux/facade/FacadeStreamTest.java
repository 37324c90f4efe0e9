package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SSE over real sockets: framing byte for byte, errors, client disconnect, graceful shutdown. */
class FacadeStreamTest {

  static String expectedOkStream(String upstreamModel) {
    StringBuilder sb = new StringBuilder();
    for (ChatCompletionChunk c : FakeProvider.okChunks(upstreamModel)) {
      sb.append("data: ").append(Json.write(c)).append("\n\n");
    }
    return sb.append("data: [DONE]\n\n").toString();
  }

  @Test
  void sseFramingIsExactlyOpenAis() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r =
          h.post(
              "/v1/chat/completions",
              Harness.streamBody("gpt-4o-mini"),
              "x-request-id",
              "stream-1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
      assertThat(r.headers().firstValue("cache-control")).hasValue("no-cache");
      assertThat(r.headers().firstValue("x-request-id")).hasValue("stream-1");
      assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("fake-gpt-4o-mini");
      assertThat(r.headers().firstValue("x-llmux-model-group")).hasValue("gpt-4o-mini");
      assertThat(r.headers().firstValue("x-llmux-attempts")).hasValue("1");
      assertThat(r.headers().firstValue("x-llmux-cache-hit")).hasValue("false");
      assertThat(r.headers().firstValue("x-llmux-overhead-ms").orElseThrow())
          .matches("\\d+\\.\\d{3}");
      assertThat(r.body()).isEqualTo(expectedOkStream("ok"));
    }
  }

  @Test
  void usageChunkIsSentWhenAskedFor() throws Exception {
    try (Harness h = new Harness()) {
      String body =
          "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
      HttpResponse<String> r = h.post("/v1/chat/completions", body);
      String expectedUsage =
          "data: "
              + Json.write(
                  ChatCompletionChunk.usageChunk(
                      "chatcmpl-s", 1_700_000_000L, "ok", dev.llmux.api.chat.Usage.of(9, 3)))
              + "\n\n";
      assertThat(r.body()).endsWith(expectedUsage + "data: [DONE]\n\n");
    }
  }

  @Test
  void errorAfterTheFirstChunkIsAnErrorEventAndNoDone() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r = h.post("/v1/chat/completions", Harness.streamBody("mid-fail"));
      assertThat(r.statusCode()).isEqualTo(200);
      String first =
          "data: "
              + Json.write(
                  FakeProvider.chunk(
                      "mid-fail", dev.llmux.api.chat.ChatDelta.role("assistant"), null))
              + "\n\n";
      String error =
          "data: {\"error\":{\"message\":\"upstream connection reset mid-stream\",\"type\":\"api_error\","
              + "\"param\":null,\"code\":\"upstream_error\"}}\n\n";
      assertThat(r.body()).isEqualTo(first + error);
    }
  }

  @Test
  void errorBeforeTheFirstChunkIsAJsonErrorResponse() throws Exception {
    try (Harness h = new Harness()) {
      HttpResponse<String> r = h.post("/v1/chat/completions", Harness.streamBody("ratelimited"));
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(r.headers().firstValue("retry-after")).hasValue("2");
      assertThat(r.body()).contains("\"type\":\"rate_limit_error\"");
      HttpResponse<String> r2 = h.post("/v1/chat/completions", Harness.streamBody("upstream-503"));
      assertThat(r2.statusCode()).isEqualTo(503);
    }
  }

  @Test
  void clientDisconnectCancelsTheUpstreamStream() throws Exception {
    try (Harness h = new Harness()) {
      h.provider.slowInterval = Duration.ofMillis(50);
      try (Socket s = new Socket("127.0.0.1", h.server.port())) {
        byte[] body = Harness.streamBody("slow").getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        String head = FacadeHttpTest.readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200").contains("text/event-stream");
        // Read until the first event has arrived.
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains("\n\n")) {
          int b = in.read();
          assertThat(b).isNotNegative();
          got.append((char) b);
        }
        assertThat(got.toString()).contains("data: {");
        s.setSoLinger(true, 0);
      }
      // The facade's next write fails; the upstream stream must be closed promptly.
      assertThat(h.provider.slowStreamClosed.await(5, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!h.get("/metrics").body().contains("llmux_facade_stream_disconnects_total 1.0")
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(h.get("/metrics").body()).contains("llmux_facade_stream_disconnects_total 1.0");
    }
  }

  @Test
  void silencesBetweenChunksLongerThanTheTimeoutsDoNotCutTheStream() throws Exception {
    try (Harness h =
        new Harness(
            ServerConfig.builder()
                .port(0)
                .readTimeout(Duration.ofMillis(150))
                .writeTimeout(Duration.ofMillis(150))
                .build())) {
      h.provider.slowInterval = Duration.ofMillis(400);
      HttpResponse<String> r = h.post("/v1/chat/completions", Harness.streamBody("slow-finite"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"content\":\"t5\"").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void gracefulShutdownLetsAnInFlightStreamFinish() throws Exception {
    Harness h =
        new Harness(ServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(10)).build());
    try {
      // The stream holds its last chunk until the test has seen the stopping server refuse a new
      // request: the order stop, 503, end of stream holds however busy the machine is.
      h.provider.slowInterval = Duration.ofMillis(20);
      CountDownLatch lastChunk = new CountDownLatch(1);
      h.provider.finiteGate = lastChunk;
      CompletableFuture<HttpResponse<String>> inFlight =
          h.http.sendAsync(
              HttpRequest.newBuilder(h.uri("/v1/chat/completions"))
                  .POST(HttpRequest.BodyPublishers.ofString(Harness.streamBody("slow-finite")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // Wait until the stream is being served (the provider has seen the request).
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (h.provider.requests.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(h.provider.requests).isNotEmpty();
      // A keep-alive connection opened before the stop.
      Socket idle = new Socket("127.0.0.1", h.server.port());
      String get = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
      idle.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
      assertThat(FacadeHttpTest.readHead(idle.getInputStream())).startsWith("HTTP/1.1 200");
      idle.getInputStream().readNBytes(15);
      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(
              () -> {
                try {
                  h.server.stop();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // While stopping: a new request on the open connection is refused with 503 JSON.
      String refused = "";
      long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      try (Socket probe = idle) {
        while (System.nanoTime() < deadline2) {
          probe.getOutputStream().write(get.getBytes(StandardCharsets.US_ASCII));
          refused = FacadeHttpTest.readHead(probe.getInputStream());
          if (!refused.startsWith("HTTP/1.1 200")) {
            break;
          }
          probe.getInputStream().readNBytes(15);
          java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // poll the stopping server
        }
      }
      assertThat(refused)
          .startsWith("HTTP/1.1 503")
          .containsIgnoringCase("content-type: application/json");
      assertThat(inFlight).isNotDone();
      lastChunk.countDown();
      stopping.get(30, TimeUnit.SECONDS);
      HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> events = new ArrayList<>(List.of(r.body().split("\n\n")));
      assertThat(events).hasSize(6);
      assertThat(events.get(4)).contains("\"content\":\"t5\"");
      assertThat(events.get(5)).isEqualTo("data: [DONE]");
      // After the stop, nothing listens any more.
      assertThat(
              CompletableFuture.supplyAsync(
                      () -> {
                        try {
                          h.get("/health/live");
                          return "answered";
                        } catch (Exception e) {
                          return "refused";
                        }
                      })
                  .get(10, TimeUnit.SECONDS))
          .isEqualTo("refused");
    } finally {
      h.close();
    }
  }
}
