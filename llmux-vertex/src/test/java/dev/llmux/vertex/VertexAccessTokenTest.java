package dev.llmux.vertex;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.AuthenticationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The service-account JWT grant against a WireMock token endpoint, the cache, and refresh before
 * expiry.
 */
class VertexAccessTokenTest extends VertexTestSupport {
  static final String GENERATE =
      LOCATION_PATH + "/publishers/google/models/gemini-2.5-flash:generateContent";
  static final String GEMINI_ANSWER =
      """
      {"candidates":[{"content":{"parts":[{"text":"Hi there."}],"role":"model"},"finishReason":"STOP"}],
       "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":3,"totalTokenCount":6},
       "modelVersion":"gemini-2.5-flash","responseId":"resp-1"}""";

  static void stubTokens(String... tokens) {
    String state = Scenario.STARTED;
    for (int i = 0; i < tokens.length; i++) {
      String next = "token-" + (i + 1);
      wm.stubFor(
          post("/token")
              .inScenario("tokens")
              .whenScenarioStateIs(state)
              .willReturn(okJson(tokenAnswer(tokens[i], 3600)))
              .willSetStateTo(next));
      state = next;
    }
  }

  static void hello(VertexProvider p) {
    p.chat(ChatCompletionRequest.of("gemini-2.5-flash", ChatMessage.user("Hi")), OPTIONS);
  }

  @Test
  void serviceAccountJwtGrantThenBearerToken() throws Exception {
    stubTokens("ya29.first");
    wm.stubFor(post(GENERATE).willReturn(okJson(GEMINI_ANSWER)));
    hello(vertex());

    List<LoggedRequest> grants = wm.findAll(postRequestedFor(urlEqualTo("/token")));
    assertThat(grants).hasSize(1);
    LoggedRequest grant = grants.get(0);
    assertThat(grant.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    String form = grant.getBodyAsString();
    assertThat(form)
        .contains("grant_type=" + "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");
    String assertion = null;
    for (String pair : form.split("&")) {
      if (pair.startsWith("assertion=")) {
        assertion =
            URLDecoder.decode(pair.substring("assertion=".length()), StandardCharsets.UTF_8);
      }
    }
    assertThat(assertion).isNotNull();
    String[] jwt = assertion.split("\\.");
    assertThat(jwt).hasSize(3);
    JsonNode header = Json.mapper().readTree(Base64.getUrlDecoder().decode(jwt[0]));
    JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("kid").asText()).isEqualTo("0123456789abcdef");
    assertThat(claims.path("iss").asText()).isEqualTo(CLIENT_EMAIL);
    // The library posts to the key's token_uri but keeps Google's token server as the audience.
    assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.googleapis.com/token");
    assertThat(claims.path("scope").asText())
        .isEqualTo("https://www.googleapis.com/auth/cloud-platform");
    assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);

    wm.verify(
        postRequestedFor(urlPathEqualTo(GENERATE))
            .withHeader("Authorization", equalTo("Bearer ya29.first")));
  }

  @Test
  void theTokenIsCachedAndRefreshedFiveMinutesBeforeItExpires() {
    stubTokens("ya29.first", "ya29.second");
    wm.stubFor(post(GENERATE).willReturn(okJson(GEMINI_ANSWER)));
    MovableClock clock = new MovableClock(Instant.parse("2025-03-01T10:00:00Z"));
    VertexProvider p = vertex(clock);

    hello(p);
    clock.advance(Duration.ofMinutes(30));
    hello(p);
    clock.advance(Duration.ofMinutes(24)); // 54 minutes: still more than 5 minutes left
    hello(p);
    wm.verify(1, postRequestedFor(urlEqualTo("/token")));
    wm.verify(
        3,
        postRequestedFor(urlPathEqualTo(GENERATE))
            .withHeader("Authorization", equalTo("Bearer ya29.first")));

    clock.advance(Duration.ofMinutes(2)); // 56 minutes: inside the 5-minute margin, before expiry
    hello(p);
    wm.verify(2, postRequestedFor(urlEqualTo("/token")));
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(GENERATE))
            .withHeader("Authorization", equalTo("Bearer ya29.second")));

    clock.advance(Duration.ofMinutes(10));
    hello(p);
    wm.verify(2, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void aFailedRefreshKeepsAValidTokenAndFailsOnceItHasExpired() {
    wm.stubFor(
        post("/token")
            .inScenario("t")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(tokenAnswer("ya29.only", 3600)))
            .willSetStateTo("refused"));
    wm.stubFor(
        post("/token")
            .inScenario("t")
            .whenScenarioStateIs("refused")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")));
    wm.stubFor(post(GENERATE).willReturn(okJson(GEMINI_ANSWER)));
    MovableClock clock = new MovableClock(Instant.parse("2025-03-01T10:00:00Z"));
    VertexProvider p = vertex(clock);
    hello(p);
    clock.advance(Duration.ofMinutes(57)); // refresh due, refused, token still valid
    hello(p);
    wm.verify(2, postRequestedFor(urlEqualTo("/token")));
    wm.verify(
        2,
        postRequestedFor(urlPathEqualTo(GENERATE))
            .withHeader("Authorization", equalTo("Bearer ya29.only")));

    clock.advance(Duration.ofMinutes(5)); // expired
    assertThatThrownBy(() -> hello(p))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> {
              assertThat(e.getMessage()).contains("token endpoint answered 400", "invalid_grant");
              assertThat(e.isRetriable()).isFalse();
            });
    wm.verify(2, postRequestedFor(urlPathEqualTo(GENERATE)));
  }

  @Test
  void concurrentCallersShareOneTokenFetch() throws Exception {
    wm.stubFor(
        post("/token").willReturn(okJson(tokenAnswer("ya29.shared", 3600)).withFixedDelay(200)));
    wm.stubFor(post(GENERATE).willReturn(okJson(GEMINI_ANSWER)));
    VertexProvider p = vertex();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> hello(p)));
      }
      for (Future<?> f : calls) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    wm.verify(1, postRequestedFor(urlEqualTo("/token")));
    wm.verify(
        8,
        postRequestedFor(urlPathEqualTo(GENERATE))
            .withHeader("Authorization", containing("ya29.shared")));
  }
}
