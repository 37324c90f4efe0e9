package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a model group with a single deployment is never cooled down. Before, an upstream blip
 * (here 6 failures in a row, far past {@code allowed_fails: 1}) made the facade answer 503 {@code
 * no_healthy_deployment} for {@code cooldown_time} after the upstream was back.
 */
@Tag("routing-e2e")
class SingleDeploymentBlipTest {

  @Test
  void anUpstreamBlipIsRetriedAndNeverTurnsInto503s(@TempDir Path dir) throws Exception {
    try (LatencyUpstream only = new LatencyUpstream("only", 0);
        LatencyUpstream a = new LatencyUpstream("a", 0);
        LatencyUpstream b = new LatencyUpstream("b", 0)) {
      Path config = dir.resolve("llmux.yaml");
      Files.writeString(
          config,
          """
          providers:
            - {name: only, type: openai, api_key: sk-test, base_url: "%s", models: [{name: solo, model: gpt-4o-mini, id: only}]}
            - {name: a, type: openai, api_key: sk-test, base_url: "%s", models: [{name: pair, model: gpt-4o-mini, id: a}]}
            - {name: b, type: openai, api_key: sk-test, base_url: "%s", models: [{name: pair, model: gpt-4o-mini, id: b}]}
          routing:
            strategy: round-robin
            retry_count: 1
            backoff_initial: 10ms
            backoff_max: 20ms
            allowed_fails: 1
            cooldown_time: 60s
          """
              .formatted(only.baseUrl(), a.baseUrl(), b.baseUrl()));
      Main.Launched f = Main.launch(config, 0);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      try {
        only.failNext(6, 500);
        for (int i = 0; i < 3; i++) {
          // each call: the attempt and its retry (after a backoff) fail: the upstream's error
          // (a 500 upstream is a 502 from the facade), never 503 no_healthy_deployment
          HttpResponse<String> r = post(http, f, "solo");
          assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
          assertThat(Json.read(r.body(), JsonNode.class).at("/error/code").asText())
              .isEqualTo("upstream_error");
        }
        assertThat(only.hits()).isEqualTo(6);
        HttpResponse<String> back = post(http, f, "solo");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(back.headers().firstValue("x-llmux-deployment")).hasValue("only");
        assertThat(f.router().control().deploymentState("only").orElseThrow().healthy()).isTrue();

        // the same blip on a deployment that has a sibling cools it down: the sibling serves
        a.failNext(2, 500);
        HttpResponse<String> first = post(http, f, "pair");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-llmux-deployment")).hasValue("b");
        assertThat(first.headers().firstValue("x-llmux-attempts")).hasValue("2");
        post(http, f, "pair"); // b's turn
        post(http, f, "pair"); // a's turn: fails again, cooled down, retried on b
        assertThat(f.router().control().deploymentState("a").orElseThrow().healthy()).isFalse();
        for (int i = 0; i < 4; i++) {
          HttpResponse<String> r = post(http, f, "pair");
          assertThat(r.headers().firstValue("x-llmux-deployment")).hasValue("b");
        }
      } finally {
        f.stop();
      }
    }
  }

  private static HttpResponse<String> post(HttpClient http, Main.Launched f, String model)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(f.server().baseUri().resolve("/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\""
                        + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
