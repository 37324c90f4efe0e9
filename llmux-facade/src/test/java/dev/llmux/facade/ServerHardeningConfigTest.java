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
}
