package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.jdbc.LlmuxDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A running facade with a database (H2 in memory unless a url is given) and the management API,
 * over the {@link Harness} router plus a priced group {@code priced} (0.001 USD per token: 0.012
 * per call). Master key {@link #MASTER}.
 */
final class AdminHarness implements AutoCloseable {
  static final String MASTER = "sk-master-admin";

  final FakeProvider provider = new FakeProvider("fake");
  final List<RequestContext> contexts = new CopyOnWriteArrayList<>();
  final LlmuxDatabase db;
  final LlmRouter router;
  final FacadeServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The clock of the default harness's database (key expiry, audit times). */
  static MutableClock newClock() {
    return new MutableClock(Instant.now());
  }

  AdminHarness() throws Exception {
    this(newClock());
  }

  AdminHarness(MutableClock clock) throws Exception {
    this(
        LlmuxDatabase.builder().url(memUrl()).clock(clock).build(),
        ServerConfig.builder().port(0).masterKey(MASTER).build());
  }

  AdminHarness(LlmuxDatabase db, ServerConfig config) throws Exception {
    this(db, config, b -> {});
  }

  AdminHarness(LlmuxDatabase db, ServerConfig config, Consumer<LlmRouter.Builder> extra)
      throws Exception {
    this(db, config, extra, AuthConfig.NONE);
  }

  /** With single sign-on ({@code auth}). */
  AdminHarness(
      LlmuxDatabase db, ServerConfig config, Consumer<LlmRouter.Builder> extra, AuthConfig auth)
      throws Exception {
    this.db = db;
    this.router =
        Harness.router(
            provider,
            contexts,
            b -> {
              b.deployment(
                  Deployment.builder("priced", "fake")
                      .model("ok")
                      .id("fake-priced")
                      .inputCostPerToken(0.001)
                      .outputCostPerToken(0.001)
                      .build());
              b.governance(GovernanceConfig.builder().policy(db.governancePolicy()).build());
              b.callListener(db.spend().writer());
              extra.accept(b);
            });
    this.server =
        new FacadeServer(config, new FacadeMetrics())
            .router(router)
            .database(db, null)
            .auth(auth)
            .start();
  }

  static String memUrl() {
    return "jdbc:h2:mem:llmux-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  URI uri(String path) {
    return server.baseUri().resolve(path);
  }

  HttpResponse<String> call(String method, String path, String key, String body)
      throws IOException, InterruptedException {
    return call(server.baseUri(), method, path, key, body);
  }

  HttpResponse<String> call(URI base, String method, String path, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String key, String body)
      throws IOException, InterruptedException {
    return call("POST", path, key, body);
  }

  HttpResponse<String> post(String path, String key, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .headers(headers);
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
    return call("GET", path, key, null);
  }

  /** POSTs and asserts 200; the answer's JSON. */
  JsonNode ok(String path, String key, String body) throws Exception {
    HttpResponse<String> r = post(path, key, body);
    assertThat(r.statusCode()).as("POST %s %s -> %s", path, body, r.body()).isEqualTo(200);
    return json(r);
  }

  /** GETs and asserts 200; the answer's JSON. */
  /**
   * A GET by the master key once the spend writer has stored every call made so far (it writes
   * asynchronously; a call is handed to it before its answer is sent).
   */
  JsonNode okGetAfterSpendFlush(String path) throws Exception {
    assertThat(db.spend().writer().flush(Duration.ofSeconds(20)))
        .as("spend rows written in time")
        .isTrue();
    return okGet(path, MASTER);
  }

  JsonNode okGet(String path, String key) throws Exception {
    HttpResponse<String> r = get(path, key);
    assertThat(r.statusCode()).as("GET %s -> %s", path, r.body()).isEqualTo(200);
    return json(r);
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.mapper().readTree(r.body());
  }

  HttpResponse<String> chat(String key, String model) throws IOException, InterruptedException {
    return post("/v1/chat/completions", key, Harness.chatBody(model));
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      try {
        router.close();
      } finally {
        db.close();
      }
    }
  }
}
