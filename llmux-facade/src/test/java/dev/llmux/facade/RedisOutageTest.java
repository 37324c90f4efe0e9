package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.redis.RedisTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stopped under a running facade (a redis-server of this test alone): calls follow {@code
 * governance.fail_open}, {@code /health/ready} reports it (503 when Redis is required, degraded
 * when fail-open), and both come back when Redis does.
 */
class RedisOutageTest {
  @TempDir Path dir;
  RedisTestServer.Embedded redis;
  Sidecars fleet;

  @BeforeEach
  void startRedis() {
    redis = RedisTestServer.Embedded.start(RedisTestServer.freePort());
  }

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    redis.stop();
  }

  private Main.Launched facade(boolean failOpen) throws Exception {
    // (status "ready" for the fail-open facade too: Redis is up)
    fleet =
        new Sidecars(
            dir,
            """
            providers:
              - {name: fake, type: fake, models: [{name: chat, model: ok}]}
            routing: {retry_count: 0}
            limits:
              - {scope: key, id: master, rpm: 1000}
            governance: {fail_open: %s}
            server: {master_key: %s}
            redis:
              url: %s
              namespace: outage-%d
              timeout: 200ms
              connect_timeout: 2s
              outage_log_interval: 1s
            """
                .formatted(failOpen, Sidecars.MASTER, redis.url(), System.nanoTime()),
            Map.of());
    Main.Launched l = fleet.start();
    // the first connection is made in the background: wait until the facade says it is ready
    Await.until(() -> fleet.get(l, "/health/ready").statusCode() == 200, "the first connection");
    return l;
  }

  private HttpResponse<String> chat(Main.Launched l, String q) {
    return fleet.post(l, "/v1/chat/completions", Sidecars.MASTER, Sidecars.chat("chat", q));
  }

  @Test
  void failClosedRefusesCallsAndIsNotReadyUntilRedisIsBack() throws Exception {
    Main.Launched l = facade(false);
    assertThat(chat(l, "before").statusCode()).isEqualTo(200);
    assertThat(fleet.get(l, "/health/ready").statusCode()).isEqualTo(200);

    redis.stop();
    HttpResponse<String> refused = chat(l, "during");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.body()).contains("budgets and rate limits are unavailable");
    HttpResponse<String> ready = fleet.get(l, "/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
    JsonNode j = Sidecars.json(ready);
    assertThat(j.path("status").asText()).isEqualTo("not_ready");
    assertThat(j.path("reason").asText()).startsWith("redis is down: ");
    assertThat(j.path("error").path("code").asText()).isEqualTo("not_ready");
    assertThat(j.path("checks").path("redis").path("status").asText()).isEqualTo("down");
    assertThat(j.path("checks").path("redis").path("required").asBoolean()).isTrue();
    assertThat(j.path("checks").path("router").path("status").asText()).isEqualTo("up");

    redis.start();
    Await.until(() -> fleet.get(l, "/health/ready").statusCode() == 200, "readiness");
    assertThat(Sidecars.json(fleet.get(l, "/health/ready")).path("status").asText())
        .isEqualTo("ready");
    assertThat(chat(l, "after").statusCode()).isEqualTo(200);
  }

  @Test
  void failOpenServesCallsAndIsReadyButDegraded() throws Exception {
    Main.Launched l = facade(true);
    assertThat(chat(l, "before").statusCode()).isEqualTo(200);

    redis.stop();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = chat(l, "during " + i);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
    HttpResponse<String> ready = fleet.get(l, "/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    JsonNode j = Sidecars.json(ready);
    assertThat(j.path("status").asText()).isEqualTo("degraded");
    assertThat(j.path("checks").path("redis").path("status").asText()).isEqualTo("down");
    assertThat(j.path("checks").path("redis").path("required").asBoolean()).isFalse();
    assertThat(j.path("checks").path("redis").path("impact").asText()).contains("fail-open");

    redis.start();
    Await.until(
        () -> Sidecars.json(fleet.get(l, "/health/ready")).path("status").asText().equals("ready"),
        "readiness");
    assertThat(chat(l, "after").statusCode()).isEqualTo(200);
  }
}
