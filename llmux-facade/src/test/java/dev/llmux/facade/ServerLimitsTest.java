package dev.llmux.facade;

import static dev.llmux.facade.ServerConfigTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.max_connections} and {@code server.max_threads}. */
class ServerLimitsTest {
  @Test
  void defaultsAreTheFormerFixedLimits() {
    ServerConfig c = ServerConfig.defaults();
    assertThat(c.maxConnections()).isEqualTo(1024);
    assertThat(c.maxThreads()).isEqualTo(256);
  }

  @Test
  void readFromTheServerSectionAndKeptByToBuilder() throws Exception {
    ServerConfig c =
        ServerConfig.fromJson(
            yaml("server: {max_connections: 12000, max_threads: \"64\"}"), Map.of());
    assertThat(c.maxConnections()).isEqualTo(12000);
    assertThat(c.maxThreads()).isEqualTo(64);
    ServerConfig copy = c.toBuilder().port(1).build();
    assertThat(copy.maxConnections()).isEqualTo(12000);
    assertThat(copy.maxThreads()).isEqualTo(64);
    assertThat(c.toString()).contains("maxConnections=12000").contains("maxThreads=64");
  }

  @Test
  void invalidValuesNameTheKey() {
    assertBad("server: {max_connections: 0}", "server.max_connections: must be positive");
    assertBad("server: {max_connections: many}", "server.max_connections: expected an integer");
    assertBad("server: {max_threads: 15}", "server.max_threads: must be at least 16");
    assertBad("server: {max_threads: 1.5}", "server.max_threads: expected an integer");
  }

  @Test
  void theServerAppliesThemAndServesWithTheSmallestPool() throws Exception {
    ServerConfig config =
        ServerConfig.builder()
            .port(0)
            .maxConnections(3)
            .maxThreads(ServerConfig.MIN_MAX_THREADS)
            .build();
    try (FacadeServer s = new FacadeServer(config, new FacadeMetrics()).start()) {
      assertThat(s.limits()).containsExactly(3, 16);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(s.baseUri().resolve("/health/live")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  private static void assertBad(String yaml, String message) {
    assertThatThrownBy(() -> ServerConfig.fromJson(yaml(yaml), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
