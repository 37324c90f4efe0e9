package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code server} keys that bound slow and abusive clients: defaults, parsing, errors. */
class ServerHardeningConfigTest {

  @Test
  void defaults() {
    ServerConfig c = ServerConfig.fromJson(null, Map.of());
    assertThat(c.requestBodyTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.minRequestDataRate()).isEqualTo(1024);
    assertThat(c.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.idleTimeoutAtLimit()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void connectionLimits() throws Exception {
    ServerConfig c =
        ServerConfig.fromJson(
            ServerConfigTest.yaml("server: {header_timeout: 5s, idle_timeout_at_limit: 500ms}"),
            Map.of());
    assertThat(c.headerTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.idleTimeoutAtLimit()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertBad("server: {header_timeout: never}", "server.header_timeout: expected a duration");
    assertBad(
        "server: {idle_timeout_at_limit: 0}", "server.idle_timeout_at_limit: must be positive");
  }

  @Test
  void bodyLimits() throws Exception {
    ServerConfig c =
        ServerConfig.fromJson(
            ServerConfigTest.yaml(
                "server: {request_body_timeout: 15s, min_request_data_rate: 4KiB}"),
            Map.of());
    assertThat(c.requestBodyTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.minRequestDataRate()).isEqualTo(4096);
    assertThat(
            ServerConfig.fromJson(
                    ServerConfigTest.yaml("server: {min_request_data_rate: 0}"), Map.of())
                .minRequestDataRate())
        .isZero();
    assertBad(
        "server: {request_body_timeout: 0s}", "server.request_body_timeout: must be positive");
    assertBad(
        "server: {min_request_data_rate: fast}", "server.min_request_data_rate: expected a size");
  }

  static void assertBad(String yaml, String message) {
    assertThatThrownBy(() -> ServerConfig.fromJson(ServerConfigTest.yaml(yaml), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void cors() throws Exception {
    assertThat(ServerConfig.defaults().cors().allowedOrigins()).isEmpty();
    ServerConfig c =
        ServerConfig.fromJson(
            ServerConfigTest.yaml(
                "server: {cors: {allowed_origins: ['https://App.example.com/', 'http://localhost:5173'],"
                    + " max_age: 1h}}"),
            Map.of());
    assertThat(c.cors().allowedOrigins())
        .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:5173");
    assertThat(c.cors().maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(
            ServerConfig.fromJson(
                    ServerConfigTest.yaml(
                        "server: {master_key: sk-m, cors: {allowed_origins: ['*']}}"),
                    Map.of())
                .cors()
                .allowedOrigins())
        .containsExactly("*");
    assertBad("server: {cors: {allowed_origins: ['*']}}", "'*' needs API keys");
    assertBad(
        "server: {cors: {allowed_origins: ['https://a.example/path']}}",
        "server.cors.allowed_origins: 'https://a.example/path' is not an origin");
    assertBad("server: {cors: {allowed_origins: [app.example]}}", "is not an origin");
    assertBad("server: {cors: {origins: []}}", "server.cors.origins: unknown key");
    assertBad("server: {cors: {allowed_origins: 'https://a.example'}}", "expected a list");
    assertBad("server: {cors: [a]}", "server.cors: expected a mapping");
  }
}
