package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.core.config.DeploymentMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration files printed in the original LLMux's README (English, and the Chinese README's
 * minimal file), verbatim in {@code src/test/resources/fixtures} except that the OpenAI base URL is
 * pointed at a WireMock speaking OpenAI's wire format: the facade starts from each, serves chat and
 * serves {@code /metrics}.
 */
class OriginalConfigFilesTest {
  static final String OPENAI = "https://api.openai.com/v1";
  static final Map<String, String> ENV =
      Map.of("OPENAI_API_KEY", "sk-openai-test", "ANTHROPIC_API_KEY", "sk-ant-test");

  static final String CHAT_JSON =
      """
      {"id":"chatcmpl-orig","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the original's config"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":9,"completion_tokens":6,"total_tokens":15}}
      """;

  @TempDir Path dir;
  WireMockServer wm;
  Sidecars fleet;

  @BeforeEach
  void upstream() {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CHAT_JSON)));
  }

  @AfterEach
  void stop() {
    if (fleet != null) {
      fleet.close();
    }
    wm.stop();
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = OriginalConfigFilesTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The fixture with only the OpenAI base URL changed (to WireMock's). */
  Main.Launched launch(String name) throws Exception {
    String text = fixture(name);
    assertThat(text).contains("base_url: " + OPENAI);
    fleet = new Sidecars(dir, text.replace(OPENAI, wm.baseUrl() + "/v1"), ENV);
    return fleet.start();
  }

  private void servesChatAndMetrics(Main.Launched l) {
    String body =
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],"
            + "\"stream\":false}";
    HttpResponse<String> chat = fleet.post(l, "/v1/chat/completions", null, body);
    assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    assertThat(Sidecars.json(chat).at("/choices/0/message/content").asText())
        .isEqualTo("Hello from the original's config");
    assertThat(chat.headers().firstValue("x-llmux-deployment")).hasValue("openai/gpt-4o");
    wm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer sk-openai-test"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o")))
            .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Hello!"))));

    HttpResponse<String> metrics = fleet.get(l, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body())
        .contains("llmux_facade_requests_seconds_count{route=\"/v1/chat/completions\"")
        .contains("gen_ai_client_operation_duration_seconds");
    assertThat(fleet.get(l, "/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void theEnglishReadmesFileStartsTheFacade() throws Exception {
    Main.Launched l = launch("original-readme-en.yaml");
    assertThat(l.router().deployments()).hasSize(3); // gpt-4o, gpt-4o-mini, claude-3-5-sonnet
    servesChatAndMetrics(l);
    // cache: {enabled: true, type: local, ttl: 1h}: the same question again is a hit
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Again\"}]}";
    assertThat(fleet.post(l, "/v1/chat/completions", null, body).headers())
        .satisfies(h -> assertThat(h.firstValue("x-llmux-cache-hit")).hasValue("false"));
    assertThat(fleet.post(l, "/v1/chat/completions", null, body).headers())
        .satisfies(h -> assertThat(h.firstValue("x-llmux-cache-hit")).hasValue("true"));
  }

  @Test
  void theChineseReadmesFileStartsTheFacade() throws Exception {
    Main.Launched l = launch("original-readme-cn.yaml");
    // admin_port: 0 is "no separate admin port", as in the original
    assertThat(l.server().adminPort()).isEqualTo(-1);
    assertThat(l.server().config().readTimeout()).hasSeconds(30);
    assertThat(l.server().config().writeTimeout()).hasSeconds(120);
    FacadeConfig c = FacadeConfig.load(fleet.file(), ENV);
    assertThat(c.router().deploymentMode()).isEqualTo(DeploymentMode.STANDALONE);
    assertThat(c.router().routing().distributed()).isFalse();
    servesChatAndMetrics(l);
  }

  @Test
  void metricsDisabledServesNoMetricsAndAnotherPathServesThem() throws Exception {
    String text =
        fixture("original-readme-cn.yaml")
            .replace(OPENAI, wm.baseUrl() + "/v1")
            .replace("  enabled: true\n  path: /metrics", "  enabled: false\n  path: /metrics");
    fleet = new Sidecars(dir, text, ENV);
    Main.Launched off = fleet.start();
    assertThat(fleet.get(off, "/metrics").statusCode()).isEqualTo(404);
    fleet.close();
    fleet =
        new Sidecars(
            dir,
            fixture("original-readme-cn.yaml")
                .replace(OPENAI, wm.baseUrl() + "/v1")
                .replace("path: /metrics", "path: /internal/prometheus"),
            ENV);
    Main.Launched moved = fleet.start();
    assertThat(fleet.get(moved, "/metrics").statusCode()).isEqualTo(404);
    HttpResponse<String> r = fleet.get(moved, "/internal/prometheus");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("llmux_facade_requests_seconds");
  }
}
