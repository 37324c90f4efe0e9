package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logging: {format: json}}: the facade started from a file writes one JSON object per line,
 * an access line per request, and no secret (the master key, a virtual key, a wrong key, the
 * upstream's api_key) and no prompt unless {@code log_prompts} asks for it.
 */
class JsonLogsTest {
  static final String MASTER = "sk-master-SECRET-0815";
  static final String VIRTUAL = "sk-virtual-SECRET-4242";
  static final String WRONG = "sk-wrong-SECRET-9999";
  static final String UPSTREAM = "sk-upstream-SECRET-4711";
  static final String PROMPT = "tell me about zebras in Lower Saxony";

  static final String CHAT_JSON =
      """
      {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Stripes."},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":8,"completion_tokens":3,"total_tokens":11}}
      """;

  @TempDir Path dir;
  WireMockServer wm;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final HttpClient http = HttpClient.newHttpClient();
  // a field twice on one line is an error (log pipelines keep one of them at random)
  final ObjectMapper mapper =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(CHAT_JSON)));
    FacadeLogging.target(out);
  }

  @AfterEach
  void stop() {
    wm.stop();
    FacadeLogging.target(null);
    FacadeLogging.apply(LoggingConfig.defaults(Map.of()));
  }

  Main.Launched launch(String logging) throws Exception {
    Path config = dir.resolve("llmux.yaml");
    Files.writeString(
        config,
        """
        providers:
          - name: upstream
            type: openai
            api_key: %s
            base_url: %s/v1
            models: [gpt-4o-mini]
        server:
          master_key: %s
          keys:
            - {key: %s, name: team-a-key, user: alice}
        logging: %s
        """
            .formatted(UPSTREAM, wm.baseUrl(), MASTER, VIRTUAL, logging));
    return Main.launch(config, 0);
  }

  HttpResponse<String> chat(Main.Launched f, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(f.server().baseUri() + "/v1/chat/completions"))
            .header("Authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + PROMPT
                        + "\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  List<JsonNode> lines() throws Exception {
    List<JsonNode> l = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        JsonNode n = mapper.readTree(line); // every line is one JSON object
        assertThat(n.isObject()).as(line).isTrue();
        l.add(n);
      }
    }
    return l;
  }

  @Test
  void jsonLinesWithAnAccessLinePerRequestAndNoSecretOrPrompt() throws Exception {
    Main.Launched f = launch("{format: json, level: debug}");
    HttpResponse<String> ok;
    HttpResponse<String> refused;
    try {
      ok = chat(f, VIRTUAL);
      refused = chat(f, WRONG);
      chat(f, MASTER);
    } finally {
      f.stop();
    }
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(refused.statusCode()).isEqualTo(401);

    String all = out.toString(StandardCharsets.UTF_8);
    assertThat(all).doesNotContain(MASTER, VIRTUAL, WRONG, UPSTREAM, PROMPT, "SECRET");
    List<JsonNode> lines = lines();
    assertThat(lines).hasSizeGreaterThan(4);
    for (JsonNode n : lines) {
      assertThat(n.has("time") && n.has("level") && n.has("logger") && n.has("message"))
          .as(n.toString())
          .isTrue();
    }
    List<JsonNode> access =
        lines.stream()
            .filter(n -> FacadeLogging.ACCESS_LOGGER.equals(n.path("logger").asText()))
            .toList();
    assertThat(access).hasSize(3);
    JsonNode a = access.get(0);
    assertThat(a.path("method").asText()).isEqualTo("POST");
    assertThat(a.path("path").asText()).isEqualTo("/v1/chat/completions");
    assertThat(a.path("status").asInt()).isEqualTo(200);
    assertThat(a.path("bytes").asLong())
        .isEqualTo(ok.body().getBytes(StandardCharsets.UTF_8).length);
    assertThat(a.path("duration_ms").isNumber()).isTrue();
    assertThat(a.path("key").asText()).isEqualTo("team-a-key");
    assertThat(a.path("user").asText()).isEqualTo("alice");
    assertThat(a.path("model_group").asText()).isEqualTo("gpt-4o-mini");
    assertThat(a.path("deployment").asText()).isNotEmpty();
    String callId = ok.headers().firstValue(Exchange.H_REQUEST_ID).orElseThrow();
    assertThat(a.path("call_id").asText()).isEqualTo(callId);
    assertThat(a.has("request_body")).isFalse();
    JsonNode r = access.get(1);
    assertThat(r.path("status").asInt()).isEqualTo(401);
    assertThat(r.has("key")).isFalse();
    assertThat(access.get(2).path("key").asText()).isEqualTo("master");
  }

  @Test
  void logPromptsPutsTheBodyOnTheAccessLineOnly() throws Exception {
    Main.Launched f = launch("{format: json, log_prompts: true}");
    try {
      assertThat(chat(f, VIRTUAL).statusCode()).isEqualTo(200);
    } finally {
      f.stop();
    }
    JsonNode a =
        lines().stream()
            .filter(n -> FacadeLogging.ACCESS_LOGGER.equals(n.path("logger").asText()))
            .findFirst()
            .orElseThrow();
    assertThat(a.path("request_body").asText()).contains(PROMPT);
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(VIRTUAL, UPSTREAM, MASTER);
  }

  @Test
  void badLoggingValuesAreRefusedNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> launch("{format: xml}"))
        .hasMessageContaining("logging.format: must be one of text, json");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> launch("{colour: true}"))
        .hasMessageContaining("logging.colour: unknown key");
  }
}
