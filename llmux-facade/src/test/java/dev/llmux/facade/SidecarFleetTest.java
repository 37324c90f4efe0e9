package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.PostgresTestServer;
import dev.llmux.jdbc.spend.SpendGroupBy;
import dev.llmux.jdbc.spend.SpendTotal;
import dev.llmux.redis.RedisTestServer;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two facades in one test, as two sidecars, on one real Redis and one real PostgreSQL ({@code
 * deployment.mode: distributed}): they share the response cache, one end user's rate limit, one
 * key's budget and one round-robin sequence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SidecarFleetTest {
  @TempDir static Path dir;
  Sidecars fleet;
  Main.Launched a;
  Main.Launched b;

  static String yaml(String databaseUrl, String redisUrl, String namespace) {
    return """
        deployment:
          mode: distributed
        providers:
          - name: fake
            type: fake
            models:
              - {name: chat, model: ok, input_cost_per_token: 0, output_cost_per_token: %s}
              - {name: rr, model: ok, id: a}
              - {name: rr, model: ok, id: b}
              - {name: rr, model: ok, id: c}
        routing:
          strategy: round-robin
          retry_count: 0
        cache: {enabled: true, type: redis, ttl: 10m}
        limits:
          - {scope: end_user, rpm: 5}
          - {scope: end_user, id: tpm-alone, tpm: 60}
          - {scope: end_user, id: tpm-shared, tpm: 60}
        server:
          master_key: %s
        database:
          url: "%s"
        redis:
          url: %s
          namespace: %s
          timeout: 2s
        """
        .formatted(Sidecars.OUTPUT_PRICE, Sidecars.MASTER, databaseUrl, redisUrl, namespace);
  }

  @BeforeAll
  void start() throws Exception {
    fleet =
        new Sidecars(
            dir,
            yaml(
                PostgresTestServer.freshSchemaUrl(),
                RedisTestServer.url(),
                "fleet-" + System.nanoTime()),
            Map.of());
    a = fleet.start();
    b = fleet.start();
  }

  @AfterAll
  void stop() {
    fleet.close();
  }

  @Test
  void bothAreReadyWithTheirDatabaseAndRedis() {
    for (Main.Launched l : List.of(a, b)) {
      HttpResponse<String> r = fleet.get(l, "/health/ready");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode j = Sidecars.json(r);
      assertThat(j.path("status").asText()).isEqualTo("ready");
      assertThat(j.path("checks").path("database").path("status").asText()).isEqualTo("up");
      assertThat(j.path("checks").path("redis").path("status").asText()).isEqualTo("up");
      assertThat(j.path("checks").path("redis").path("required").asBoolean()).isTrue();
    }
  }

  @Test
  void aCacheEntryMadeThroughOneIsAHitOnTheOther() {
    String body = Sidecars.chat("chat", "cached question " + System.nanoTime());
    HttpResponse<String> first = fleet.post(a, "/v1/chat/completions", Sidecars.MASTER, body);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-llmux-cache-hit")).hasValue("false");
    HttpResponse<String> second = fleet.post(b, "/v1/chat/completions", Sidecars.MASTER, body);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-llmux-cache-hit")).hasValue("true");
    assertThat(second.body()).isEqualTo(first.body());
  }

  @Test
  void anEndUsersFiveRpmAdmitsExactlyFiveOfTenCallsSpreadOverBoth() {
    String endUser = "e-" + System.nanoTime();
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r =
          fleet.post(
              i % 2 == 0 ? a : b,
              "/v1/chat/completions",
              Sidecars.MASTER,
              Sidecars.chat("chat", "rpm " + i + " " + endUser, ",\"user\":\"" + endUser + "\""));
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body()).contains("rate_limit_exceeded").contains("end_user " + endUser);
        limited++;
      }
    }
    assertThat(ok).isEqualTo(5);
    assertThat(limited).isEqualTo(5);
  }

  /** Ten calls of {@code endUser}, through {@code a} only or alternating; how many were served. */
  private int tpmCalls(String endUser, boolean alternate) {
    int ok = 0;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r =
          fleet.post(
              alternate && i % 2 == 1 ? b : a,
              "/v1/chat/completions",
              Sidecars.MASTER,
              Sidecars.chat(
                  "chat", "tpm " + i + " " + System.nanoTime(), ",\"user\":\"" + endUser + "\""));
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(r.body())
            .contains("rate_limit_exceeded")
            .contains("end_user " + endUser)
            .contains("of 60 tokens per minute");
      }
    }
    return ok;
  }

  /**
   * One tpm over both: an end user's 60 tokens a minute admit as many calls spread over both
   * facades as through one alone (each call is 12 tokens, admitted on its estimate). Counted per
   * facade, the spread calls would be admitted twice as often (each facade would see half of them).
   */
  @Test
  void anEndUsersTpmAdmitsAsManyCallsOverBothAsThroughOne() {
    int alone = tpmCalls("tpm-alone", false);
    assertThat(alone).as("the tpm bites within ten calls").isBetween(1, 5);
    assertThat(tpmCalls("tpm-shared", true)).isEqualTo(alone);
  }

  @Test
  void sixteenThreadsOverBothNeverOvershootOneBudget() throws Exception {
    // ten calls' worth: the budget admits exactly 10 of the 64 calls
    Sidecars.Key key =
        fleet.generateKey(
            a,
            "{\"max_budget\": "
                + Sidecars.TEN_CALLS
                + ", \"budget_duration\": \"1d\", \"models\": [\"chat\"]}");
    AtomicInteger served = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger seq = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        Main.Launched via = t % 2 == 0 ? a : b;
        fs.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 4; i++) {
                    HttpResponse<String> r =
                        fleet.post(
                            via,
                            "/v1/chat/completions",
                            key.secret(),
                            Sidecars.chat("chat", "budget " + seq.incrementAndGet()));
                    if (r.statusCode() == 200) {
                      served.incrementAndGet();
                    } else {
                      assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                      assertThat(r.body()).contains("budget_exceeded");
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(served.get()).isEqualTo(10);
    assertThat(refused.get()).isEqualTo(54);
    // the spend log (both facades write to the one database) agrees: never past the budget
    assertThat(a.database().spend().writer().flush(Duration.ofSeconds(30))).isTrue();
    assertThat(b.database().spend().writer().flush(Duration.ofSeconds(30))).isTrue();
    SpendTotal total = a.database().spend().total(SpendGroupBy.KEY, key.id());
    assertThat(total.successes()).isEqualTo(10);
    assertThat(total.cost()).isLessThanOrEqualTo(new BigDecimal(Sidecars.TEN_CALLS));
  }

  @Test
  void roundRobinContinuesOneSequenceAcrossBoth() {
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r =
          fleet.post(
              i % 2 == 0 ? a : b,
              "/v1/chat/completions",
              Sidecars.MASTER,
              Sidecars.chat("rr", "rr " + i + " " + System.nanoTime()));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      served.add(r.headers().firstValue("x-llmux-deployment").orElseThrow());
    }
    assertThat(served).containsExactly("a", "b", "c", "a", "b", "c");
  }
}
