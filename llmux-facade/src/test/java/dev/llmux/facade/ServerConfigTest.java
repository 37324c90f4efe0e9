package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  static JsonNode yaml(String s) throws Exception {
    return new YAMLMapper().readTree(s).get("server");
  }

  @Test
  void defaults() {
    ServerConfig c = ServerConfig.fromJson(null, Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(4000);
    assertThat(c.maxRequestBody()).isEqualTo(10L * 1024 * 1024);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.masterKey()).isNull();
    assertThat(c.authEnabled()).isFalse();
  }

  @Test
  void everyKey() throws Exception {
    ServerConfig c =
        ServerConfig.fromJson(
            yaml(
                """
        server:
          host: 0.0.0.0
          port: 8080
          read_timeout: 45s
          write_timeout: 1m
          max_request_body: 2MiB
          shutdown_timeout: 500ms
          master_key: sk-m
          keys:
            - key: sk-1
              name: app-one
              models: [gpt-4o-mini, "openai/*"]
              user: u1
              team: t1
              org: o1
            - key: sk-2
              name: app-two
        """),
            Map.of());
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.writeTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.maxRequestBody()).isEqualTo(2L * 1024 * 1024);
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.masterKey()).isEqualTo("sk-m");
    assertThat(c.keys())
        .containsExactly(
            new ServerConfig.Key(
                "sk-1", "app-one", List.of("gpt-4o-mini", "openai/*"), "u1", "t1", "o1"),
            new ServerConfig.Key("sk-2", "app-two", List.of(), null, null, null));
    assertThat(c.toString()).doesNotContain("sk-1", "sk-m");
  }

  @Test
  void masterKeyFromTheEnvironment() throws Exception {
    assertThat(
            ServerConfig.fromJson(yaml("server: {port: 1}"), Map.of("LLMUX_MASTER_KEY", "sk-env"))
                .masterKey())
        .isEqualTo("sk-env");
    assertThat(
            ServerConfig.fromJson(
                    yaml("server: {master_key: sk-file}"), Map.of("LLMUX_MASTER_KEY", "sk-env"))
                .masterKey())
        .isEqualTo("sk-file");
    assertThat(ServerConfig.fromJson(yaml("server: {master_key: ''}"), Map.of()).masterKey())
        .isNull();
  }

  @Test
  void errorsNameTheBadKey() {
    assertBad("server: {prot: 4000}", "server.prot: unknown key");
    assertBad("server: {port: eighty}", "server.port: expected an integer");
    assertBad("server: {port: 70000}", "server.port");
    assertBad("server: {read_timeout: soon}", "server.read_timeout: expected a duration");
    assertBad("server: {write_timeout: 0s}", "server.write_timeout: must be positive");
    assertBad("server: {max_request_body: lots}", "server.max_request_body: expected a size");
    assertBad("server: {keys: {key: a}}", "server.keys: expected a list");
    assertBad("server: {keys: [{name: n}]}", "server.keys[0].key: is required");
    assertBad("server: {keys: [{key: k}]}", "server.keys[0].name: is required");
    assertBad(
        "server: {keys: [{key: k, name: n, models: gpt}]}",
        "server.keys[0].models: expected a list");
    assertBad(
        "server: {keys: [{key: k, name: n, colour: red}]}", "server.keys[0].colour: unknown key");
    assertBad(
        "server: {keys: [{key: k, name: n, max_budget: 10}]}",
        "server.keys[0].max_budget: budgets and rate limits of a key go in the top-level 'budgets:'");
    assertBad(
        "server: {keys: [{key: k, name: n, rpm: 10}]}",
        "server.keys[0].rpm: budgets and rate limits");
    assertBad(
        "server: {keys: [{key: k, name: n}, {key: k2, name: n}]}",
        "server.keys: duplicate key name 'n'");
    assertBad(
        "server: {keys: [{key: k, name: a}, {key: k, name: b}]}", "reuses another key's secret");
    assertBad("server: [1, 2]", "server: expected a mapping");
  }

  private static void assertBad(String yaml, String message) {
    assertThatThrownBy(() -> ServerConfig.fromJson(yaml(yaml), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void durationsAndSizes() {
    assertThat(SectionValues.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(SectionValues.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(SectionValues.parseDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(SectionValues.parseDuration("x")).isNull();
  }
}
