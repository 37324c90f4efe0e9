package dev.llmux.facade;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmux.providers.transport.UpstreamTransports;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code server.upstream_transport} (the facade-wide default) and a provider's own {@code
 * transport} setting: which HTTP client carries the facade's upstream calls, seen by the upstream
 * as the request's User-Agent.
 */
class UpstreamTransportConfigTest {
  private static final String ANSWER =
      """
      {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
       "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
      """;

  @TempDir Path dir;
  WireMockServer upstream;

  @BeforeEach
  void start() {
    upstream = new WireMockServer(options().dynamicPort());
    upstream.start();
    upstream.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(ANSWER)));
  }

  @AfterEach
  void stop() {
    upstream.stop();
    UpstreamTransports.setDefault(null);
  }

  private static JsonNode yaml(String text) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(text).get("server");
  }

  @Test
  void theFacadeDefaultsToJettyAndTheKeyIsReadAndKept() throws Exception {
    assertThat(ServerConfig.defaults().upstreamTransport()).isEqualTo("jetty");
    ServerConfig c = ServerConfig.fromJson(yaml("server: {upstream_transport: JDK}"), Map.of());
    assertThat(c.upstreamTransport()).isEqualTo("jdk");
    assertThat(c.toBuilder().port(1).build().upstreamTransport()).isEqualTo("jdk");
    assertThat(ServerConfig.builder().upstreamTransport("okhttp").build().upstreamTransport())
        .isEqualTo("okhttp");
  }

  @Test
  void anUnknownTransportNamesTheKeyAndTheChoices() {
    assertThatThrownBy(
            () -> ServerConfig.fromJson(yaml("server: {upstream_transport: netty}"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "server.upstream_transport: unknown transport 'netty'; expected one of okhttp, jetty,"
                + " jetty-h2c, jdk");
  }

  private String userAgentOfTheUpstreamCall(String serverSection, String providerExtra)
      throws Exception {
    Path f = dir.resolve("llmux.yaml");
    Files.writeString(
        f,
        """
        providers:
          - name: up
            type: openai
            api_key: sk-up
            base_url: "%s/v1"
            %s
            models: [gpt-4o-mini]
        server:
          port: 0
          %s
        """
            .formatted(upstream.baseUrl(), providerExtra, serverSection));
    Main.Launched l = Main.launch(f, 0);
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(l.server().baseUri().resolve("/v1/chat/completions"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(Harness.chatBody("gpt-4o-mini")))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"content\":\"hi\"");
    } finally {
      l.stop();
    }
    List<String> agents =
        upstream.getAllServeEvents().stream()
            .map(e -> e.getRequest().getHeader("User-Agent"))
            .toList();
    assertThat(agents).hasSize(1);
    return agents.get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "jetty", "jdk"})
  void theServerSettingChoosesTheClientOfEveryProvider(String transport) throws Exception {
    String agent = userAgentOfTheUpstreamCall("upstream_transport: " + transport, "");
    assertThat(agent).startsWith(userAgentPrefix(transport));
  }

  @Test
  void withoutTheSettingTheFacadeUsesJetty() throws Exception {
    assertThat(userAgentOfTheUpstreamCall("", "")).startsWith(userAgentPrefix("jetty"));
  }

  @Test
  void aProviderSettingWinsOverTheServerDefault() throws Exception {
    String agent = userAgentOfTheUpstreamCall("upstream_transport: jetty", "transport: okhttp");
    assertThat(agent).startsWith(userAgentPrefix("okhttp"));
  }

  private static String userAgentPrefix(String transport) {
    return switch (transport) {
      case "okhttp" -> "okhttp/";
      case "jdk" -> "Java-http-client/";
      default -> "llmux";
    };
  }
}
