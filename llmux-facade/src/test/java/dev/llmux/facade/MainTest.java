package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and the config file: router YAML plus the server section. */
class MainTest {
  @TempDir Path dir;

  static final String ROUTER =
      """
      providers:
        - name: fake
          type: fake
          models:
            - name: gpt-4o-mini
              model: ok
            - name: broken
              model: err-503
      routing:
        retry_count: 0
        fallbacks:
          broken: [gpt-4o-mini]
      """;

  Path write(String yaml) throws Exception {
    Path f = dir.resolve("llmux.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void launchesFromAConfigFile() throws Exception {
    Path f =
        write(
            ROUTER
                + """
        server:
          port: 4000
          master_key: sk-file
          keys:
            - {key: sk-a, name: a, models: [gpt-4o-mini], team: ta}
        """);
    Main.Launched l = Main.launch(f, 0);
    try {
      assertThat(l.server().port()).isNotEqualTo(4000).isPositive();
      HttpClient http = HttpClient.newHttpClient();
      URI chat = l.server().baseUri().resolve("/v1/chat/completions");
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(chat)
                  .header("Authorization", "Bearer sk-a")
                  .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      HttpResponse<String> fellBack =
          http.send(
              HttpRequest.newBuilder(chat)
                  .header("Authorization", "Bearer sk-file")
                  .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("broken")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fellBack.statusCode()).isEqualTo(200);
      assertThat(fellBack.headers().firstValue("x-llmux-model-group")).hasValue("gpt-4o-mini");
      assertThat(fellBack.headers().firstValue("x-llmux-attempts")).hasValue("2");
    } finally {
      l.stop();
    }
  }

  @Test
  void rateLimitsAndBudgetsApplyPerKey() throws Exception {
    Path f =
        write(
            ROUTER
                + """
        server:
          keys:
            - {key: sk-a, name: a, team: ta}
            - {key: sk-b, name: b, team: tb}
        limits:
          - {scope: key, id: a, rpm: 1}
        budgets:
          - {scope: team, id: tb, max_budget: 0, budget_duration: 1d}
        """);
    Main.Launched l = Main.launch(f, 0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI chat = l.server().baseUri().resolve("/v1/chat/completions");
      java.util.function.Function<String, HttpResponse<String>> call =
          key -> {
            try {
              return http.send(
                  HttpRequest.newBuilder(chat)
                      .header("Authorization", "Bearer " + key)
                      .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini")))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          };
      assertThat(call.apply("sk-a").statusCode()).isEqualTo(200);
      HttpResponse<String> limited = call.apply("sk-a");
      assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
      assertThat(limited.body()).contains("rate_limit_error");
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      HttpResponse<String> broke = call.apply("sk-b");
      assertThat(broke.statusCode()).as(broke.body()).isEqualTo(429);
      assertThat(broke.body()).contains("budget_exceeded").contains("team");
    } finally {
      l.stop();
    }
  }

  @Test
  void theDemoConfigServesWithoutAnyApiKey() throws Exception {
    Main.Launched l = Main.launch(Path.of("demo.yaml"), 0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI chat = l.server().baseUri().resolve("/v1/chat/completions");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(chat)
                  .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("Echo: Hi");
      HttpResponse<String> flaky =
          http.send(
              HttpRequest.newBuilder(chat)
                  .POST(HttpRequest.BodyPublishers.ofString(Harness.streamBody("flaky")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(flaky.statusCode()).as(flaky.body()).isEqualTo(200);
      assertThat(flaky.headers().firstValue("x-llmux-model-group")).hasValue("demo");
      assertThat(flaky.body()).endsWith("data: [DONE]\n\n");
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(l.server().baseUri().resolve("/metrics")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      // the router's own meters are served beside the facade's
      assertThat(metrics.body())
          .contains("llmux_requests_total")
          .contains("gen_ai_client_operation_duration");
    } finally {
      l.stop();
    }
  }

  static HttpResponse<String> send(String method, URI uri, String key, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDatabaseSectionMigratesAndServesTheManagementApiOnTheAdminPort() throws Exception {
    String db =
        "database:\n  url: jdbc:h2:file:"
            + dir.resolve("data/llmux").toString().replace('\\', '/')
            + "\n";
    Path f = write(ROUTER + "server:\n  master_key: sk-file\n" + db);
    // --admin-port 0: a free admin port (in the file, admin_port: 0 means none)
    Main.Launched l = Main.launch(f, new Main.Options(0, 0, System.getenv(), null));
    try {
      URI admin = URI.create("http://127.0.0.1:" + l.server().adminPort());
      URI main = l.server().baseUri();
      assertThat(l.server().adminPort()).isPositive().isNotEqualTo(l.server().port());
      HttpResponse<String> gen =
          send("POST", admin.resolve("/key/generate"), "sk-file", "{\"models\":[\"gpt-4o-mini\"]}");
      assertThat(gen.statusCode()).as(gen.body()).isEqualTo(200);
      String key = dev.llmux.api.Json.mapper().readTree(gen.body()).path("key").asText();
      // the management API is only on the admin port; the OpenAI API only on the main port
      assertThat(send("POST", main.resolve("/key/generate"), "sk-file", "{}").statusCode())
          .isIn(400, 404);
      assertThat(
              send(
                      "POST",
                      admin.resolve("/v1/chat/completions"),
                      key,
                      Harness.chatBody("gpt-4o-mini"))
                  .statusCode())
          .isEqualTo(404);
      assertThat(send("GET", admin.resolve("/health/live"), null, null).statusCode())
          .isEqualTo(200);
      assertThat(
              send(
                      "POST",
                      main.resolve("/v1/chat/completions"),
                      key,
                      Harness.chatBody("gpt-4o-mini"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              send("POST", main.resolve("/v1/chat/completions"), key, Harness.chatBody("broken"))
                  .statusCode())
          .isEqualTo(403);

      // reload: a deployment added, one removed, the server section changed (needs a restart)
      Files.writeString(
          f,
          ROUTER
                  .replace("- name: broken", "- name: extra")
                  .replace("model: err-503", "model: ok\n        id: extra-ok")
                  .replace("broken: [gpt-4o-mini]", "extra: [gpt-4o-mini]")
              + "server:\n  master_key: sk-file\n  read_timeout: 45s\n"
              + db);
      HttpResponse<String> reload =
          send("POST", admin.resolve("/control/config/reload"), "sk-file", null);
      assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
      var report = dev.llmux.api.Json.mapper().readTree(reload.body());
      assertThat(report.path("added").toString()).contains("extra-ok");
      assertThat(report.path("removed").toString()).contains("err-503");
      assertThat(report.path("restart_required").toString())
          .contains("server")
          .doesNotContain("providers");
      assertThat(
              send(
                      "POST",
                      main.resolve("/v1/chat/completions"),
                      "sk-file",
                      Harness.chatBody("extra"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              send(
                      "POST",
                      main.resolve("/v1/chat/completions"),
                      "sk-file",
                      Harness.chatBody("broken"))
                  .statusCode())
          .isEqualTo(404);
      // a file that does not load changes nothing
      Files.writeString(f, "providers: [");
      assertThat(
              send("POST", admin.resolve("/control/config/reload"), "sk-file", null).statusCode())
          .isEqualTo(400);
      assertThat(
              send(
                      "POST",
                      main.resolve("/v1/chat/completions"),
                      "sk-file",
                      Harness.chatBody("extra"))
                  .statusCode())
          .isEqualTo(200);
    } finally {
      l.stop();
    }
    assertThat(Files.exists(dir.resolve("data/llmux.mv.db"))).isTrue();
  }

  @Test
  void adminPortZeroInTheFileMeansNoAdminPortAsInTheOriginal() throws Exception {
    String db =
        "database:\n  url: jdbc:h2:mem:admin0-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1\n";
    Path f = write(ROUTER + "server:\n  master_key: sk-file\n  admin_port: 0\n" + db);
    Main.Launched l = Main.launch(f, 0);
    try {
      assertThat(l.server().adminPort()).isEqualTo(-1);
      // the management API is on the main port
      assertThat(
              send("POST", l.server().baseUri().resolve("/key/generate"), "sk-file", "{}")
                  .statusCode())
          .isEqualTo(200);
    } finally {
      l.stop();
    }
    assertThat(Main.parse(new String[] {"--config", f.toString(), "--admin-port", "0"}))
        .isEqualTo(new Main.Args(f, null, 0));
  }

  @Test
  void aBadServerKeyNamesTheFileAndTheKey() throws Exception {
    Path f = write(ROUTER + "server:\n  keys:\n    - {key: k, name: n, max_budget: 5}\n");
    assertThatThrownBy(() -> Main.launch(f, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("server.keys[0].max_budget");
  }

  @Test
  void refusesANonLoopbackHostWithoutKeys() throws Exception {
    Path f = write(ROUTER + "server:\n  host: 0.0.0.0\n");
    assertThatThrownBy(() -> Main.launch(f, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0");
  }

  @Test
  void commandLine() throws Exception {
    Path f = write(ROUTER);
    assertThat(Main.parse(new String[] {"--config", f.toString(), "--port", "8080"}))
        .isEqualTo(new Main.Args(f, 8080));
    assertThat(Main.parse(new String[] {"--config=" + f})).isEqualTo(new Main.Args(f, null));
    assertThat(Main.parse(new String[] {"--help"})).isNull();
    assertThatThrownBy(() -> Main.parse(new String[] {}))
        .hasMessageContaining("--config FILE is required");
    assertThatThrownBy(() -> Main.parse(new String[] {"--config", f.toString(), "--port", "x"}))
        .hasMessageContaining("--port: not a number");
    assertThatThrownBy(
            () -> Main.parse(new String[] {"--config", dir.resolve("nope.yaml").toString()}))
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> Main.parse(new String[] {"--bogus"}))
        .hasMessageContaining("unknown argument");
  }
}
