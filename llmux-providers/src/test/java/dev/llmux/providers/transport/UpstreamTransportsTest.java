package dev.llmux.providers.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.providers.WireMockTestBase;
import dev.llmux.providers.openai.OpenAiProviderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which transport a provider uses, and what every transport does the same: methods, headers, bodies
 * in memory or streamed, status and headers of the answer, cancellation, HTTP/2 in clear text for
 * {@code jetty-h2c}. The build runs this module's HTTP suites once per transport (the {@code
 * llmux.transport} system property); the first test proves each run really used its own.
 */
class UpstreamTransportsTest extends WireMockTestBase {
  private static final String MODELS = "{\"object\":\"list\",\"data\":[]}";

  private static Provider openAi(String transport) {
    Map<String, Object> settings = new HashMap<>();
    if (transport != null) {
      settings.put("transport", transport);
    }
    return new OpenAiProviderFactory()
        .create(new ProviderConfig("t", "openai", "sk-t", wm.baseUrl() + "/v1", settings));
  }

  /** The User-Agent each transport sends: how a request shows which transport sent it. */
  private static String userAgentPrefix(String transport) {
    return switch (transport) {
      case "okhttp" -> "okhttp/";
      case "jdk" -> "Java-http-client/";
      default -> "llmux";
    };
  }

  @Test
  void providersWithoutTheSettingUseTheProcessDefault() {
    String expected = System.getProperty(UpstreamTransports.PROPERTY, "okhttp");
    assertThat(UpstreamTransports.defaultName()).isEqualTo(expected);
    wm.stubFor(get("/v1/models").willReturn(aResponse().withBody(MODELS)));
    openAi(null).listModels(OPTIONS);
    String ua = wm.getAllServeEvents().get(0).getRequest().getHeader("User-Agent");
    assertThat(ua).startsWith(userAgentPrefix(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "jetty", "jetty-h2c", "jdk"})
  void theSettingChoosesTheTransport(String transport) {
    wm.stubFor(get("/v1/models").willReturn(aResponse().withBody(MODELS)));
    openAi(transport).listModels(OPTIONS);
    String ua = wm.getAllServeEvents().get(0).getRequest().getHeader("User-Agent");
    assertThat(ua).startsWith(userAgentPrefix(transport.replace("-h2c", "")));
    assertThat(UpstreamTransports.named(transport).name()).isEqualTo(transport);
  }

  @Test
  void anUnknownTransportNamesTheProviderAndTheSetting() {
    assertThatThrownBy(() -> openAi("netty"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider 't'")
        .hasMessageContaining("transport")
        .hasMessageContaining("unknown transport 'netty'")
        .hasMessageContaining("okhttp, jetty, jetty-h2c, jdk");
    assertThatThrownBy(() -> UpstreamTransports.setDefault("nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "jetty", "jdk"})
  void sendsHeadersAndAStreamedBodyAndReadsTheAnswer(String name) throws IOException {
    wm.stubFor(
        post(urlPathEqualTo("/echo"))
            .willReturn(
                aResponse().withStatus(201).withHeader("X-Answer", "yes").withBody("done")));
    byte[] body = "{\"streamed\":true}".getBytes(StandardCharsets.UTF_8);
    UpstreamRequest request =
        UpstreamRequest.builder("POST", URI.create(wm.baseUrl() + "/echo?q=1"))
            .header("X-One", "1")
            .header("X-Two", "2")
            .body(
                UpstreamRequest.Body.stream(
                    "application/json", body.length, () -> new ByteArrayInputStream(body)))
            .build();
    UpstreamCall call =
        UpstreamTransports.named(name).newCall(request, Duration.ofSeconds(2), false);
    try (UpstreamResponse r = call.execute()) {
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.header("x-answer")).isEqualTo("yes");
      assertThat(r.protocol()).isEqualTo("HTTP/1.1");
      assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo("done");
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/echo?q=1"))
            .withHeader("X-One", equalTo("1"))
            .withHeader("X-Two", equalTo("2"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalTo("{\"streamed\":true}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"okhttp", "jetty", "jdk"})
  void aCallCancelledBeforeItStartsFails(String name) {
    UpstreamCall call =
        UpstreamTransports.named(name)
            .newCall(
                UpstreamRequest.builder("GET", URI.create(wm.baseUrl() + "/never")).build(),
                Duration.ofSeconds(2),
                true);
    call.cancel();
    assertThatThrownBy(call::execute).isInstanceOf(IOException.class);
    wm.verify(0, getRequestedFor(urlEqualTo("/never")));
  }

  @Test
  void jettyH2cSpeaksHttp2InClearText() throws IOException {
    wm.stubFor(get("/h2").willReturn(aResponse().withBody("over h2")));
    UpstreamCall call =
        UpstreamTransports.named(UpstreamTransports.JETTY_H2C)
            .newCall(
                UpstreamRequest.builder("GET", URI.create(wm.baseUrl() + "/h2")).build(),
                Duration.ofSeconds(2),
                true);
    try (UpstreamResponse r = call.execute()) {
      assertThat(r.protocol()).isEqualTo("HTTP/2");
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("over h2");
    }
  }

  @Test
  void callOptionsStayTheSameShape() {
    // The transports take the connect timeout per call; the other CallOptions bounds are the
    // callers' deadlines (CallDeadline, StreamDeadline).
    assertThat(CallOptions.DEFAULT.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }
}
