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
  @TempDir
  Path dir;

  static final String ROUTER = """
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
    Path f = write(ROUTER + """
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
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(chat).header("Authorization", "Bearer sk-a")
          .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      HttpResponse<String> fellBack = http.send(HttpRequest.newBuilder(chat).header("Authorization", "Bearer sk-file")
          .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("broken"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(fellBack.statusCode()).isEqualTo(200);
      assertThat(fellBack.headers().firstValue("x-llmux-model-group")).hasValue("gpt-4o-mini");
      assertThat(fellBack.headers().firstValue("x-llmux-attempts")).hasValue("2");
    } finally {
      l.server().stop();
      l.router().close();
    }
  }

  @Test
  void rateLimitsAndBudgetsApplyPerKey() throws Exception {
    Path f = write(ROUTER + """
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
      java.util.function.Function<String, HttpResponse<String>> call = key -> {
        try {
          return http.send(HttpRequest.newBuilder(chat).header("Authorization", "Bearer " + key)
              .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini"))).build(),
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
      l.server().stop();
      l.router().close();
    }
  }

  @Test
  void theDemoConfigServesWithoutAnyApiKey() throws Exception {
    Main.Launched l = Main.launch(Path.of("demo.yaml"), 0);
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI chat = l.server().baseUri().resolve("/v1/chat/completions");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(chat)
          .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("Echo: Hi");
      HttpResponse<String> flaky = http.send(HttpRequest.newBuilder(chat)
          .POST(HttpRequest.BodyPublishers.ofString(Harness.streamBody("flaky"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(flaky.statusCode()).as(flaky.body()).isEqualTo(200);
      assertThat(flaky.headers().firstValue("x-llmux-model-group")).hasValue("demo");
      assertThat(flaky.body()).endsWith("data: [DONE]\n\n");
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(l.server().baseUri().resolve("/metrics"))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      // the router's own meters are served beside the facade's
      assertThat(metrics.body()).contains("llmux_requests_total").contains("gen_ai_client_operation_duration");
    } finally {
      l.server().stop();
      l.router().close();
    }
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
    assertThatThrownBy(() -> Main.parse(new String[] {})).hasMessageContaining("--config FILE is required");
    assertThatThrownBy(() -> Main.parse(new String[] {"--config", f.toString(), "--port", "x"}))
        .hasMessageContaining("--port: not a number");
    assertThatThrownBy(() -> Main.parse(new String[] {"--config", dir.resolve("nope.yaml").toString()}))
        .hasMessageContaining("cannot read");
    assertThatThrownBy(() -> Main.parse(new String[] {"--bogus"})).hasMessageContaining("unknown argument");
  }
}
