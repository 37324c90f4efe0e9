package dev.llmux.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.llmux.providers.openai.Fixtures.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.ContentPolicyException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.spi.CallOptions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiErrorTest extends WireMockSupport {
  private static final ChatCompletionRequest REQUEST =
      ChatCompletionRequest.of("gpt-4o", ChatMessage.user("hi"));

  private static LlmException chatFails(CallOptions options) {
    return catchThrowableOfType(LlmException.class, () -> openAi().chat(REQUEST, options));
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(
            400,
            Fixtures.error(
                "Invalid value for 'messages'.",
                "invalid_request_error",
                "messages",
                "invalid_value"),
            BadRequestException.class,
            false,
            400),
        Arguments.of(
            401,
            Fixtures.error(
                "Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error",
                null,
                "invalid_api_key"),
            AuthenticationException.class,
            false,
            401),
        Arguments.of(
            403,
            Fixtures.error(
                "You are not allowed to sample from this model",
                "invalid_request_error",
                null,
                null),
            PermissionDeniedException.class,
            false,
            403),
        Arguments.of(
            404,
            Fixtures.error(
                "The model `gpt-5x` does not exist or you do not have access to it.",
                "invalid_request_error",
                null,
                "model_not_found"),
            NotFoundException.class,
            false,
            404),
        Arguments.of(408, "", LlmTimeoutException.class, true, 504),
        Arguments.of(
            409,
            Fixtures.error("conflict", "invalid_request_error", null, null),
            UpstreamServerException.class,
            true,
            502),
        Arguments.of(
            422,
            "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}",
            BadRequestException.class,
            false,
            422),
        Arguments.of(
            500,
            Fixtures.error(
                "The server had an error while processing your request. Sorry about that!",
                "server_error",
                null,
                null),
            UpstreamServerException.class,
            true,
            502),
        Arguments.of(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
            UpstreamServerException.class,
            true,
            502),
        Arguments.of(
            503,
            Fixtures.error(
                "The engine is currently overloaded, please try again later.",
                "server_error",
                null,
                null),
            UpstreamServerException.class,
            true,
            503),
        Arguments.of(504, "", UpstreamServerException.class, true, 504),
        Arguments.of(418, "I'm a teapot", UpstreamServerException.class, true, 502));
  }

  @ParameterizedTest(name = "HTTP {0} -> {2}")
  @MethodSource("statuses")
  void statusMapping(
      int status,
      String body,
      Class<? extends LlmException> type,
      boolean retriable,
      int gatewayStatus) {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader(
                        "Content-Type", body.startsWith("{") ? "application/json" : "text/html")
                    .withBody(body)));

    LlmException e = chatFails(OPTIONS);

    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.isRetriable()).isEqualTo(retriable);
    assertThat(e.upstreamStatus()).isEqualTo(status);
    assertThat(e.httpStatus()).isEqualTo(gatewayStatus);
    if (body.contains("\"message\"")) {
      String upstreamMessage =
          body.substring(body.indexOf("\"message\": \"") + 12, body.indexOf("\",\n"));
      assertThat(e.getMessage()).isEqualTo(upstreamMessage);
    } else if (!body.isEmpty()) {
      assertThat(e.getMessage()).contains(body.length() > 20 ? body.substring(0, 20) : body);
    }
  }

  @Test
  void notFoundKeepsTheCode() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        Fixtures.error(
                            "The model `gpt-5x` does not exist",
                            "invalid_request_error",
                            null,
                            "model_not_found"))));
    LlmException e = chatFails(OPTIONS);
    assertThat(e.code()).isEqualTo("model_not_found");
    assertThat(e.param()).isEqualTo("model");
  }

  @Test
  void rateLimitWithRetryAfterSeconds() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "20")
                    .withBody(
                        Fixtures.error(
                            "Rate limit reached for gpt-4o in organization org-123 on requests per min (RPM): Limit 500, Used 500, Requested 1.",
                            "requests",
                            null,
                            "rate_limit_exceeded"))));
    LlmException e = chatFails(OPTIONS);
    assertThat(e)
        .isInstanceOf(RateLimitException.class)
        .hasMessageStartingWith("Rate limit reached for gpt-4o");
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(e.isRetriable()).isTrue();
    assertThat(e.upstreamStatus()).isEqualTo(429);
  }

  @Test
  void rateLimitWithRetryAfterMsWins() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after-ms", "1500")
                    .withHeader("retry-after", "2")
                    .withBody(
                        Fixtures.error(
                            "Rate limit reached", "tokens", null, "rate_limit_exceeded"))));
    assertThat(chatFails(OPTIONS).retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rateLimitWithoutRetryAfter() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        Fixtures.error(
                            "You exceeded your current quota, please check your plan and billing details.",
                            "insufficient_quota",
                            null,
                            "insufficient_quota"))));
    LlmException e = chatFails(OPTIONS);
    assertThat(e).isInstanceOf(RateLimitException.class);
    assertThat(e.retryAfter()).isNull();
  }

  @Test
  void contextLengthExceeded() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        Fixtures.error(
                            "This model's maximum context length is 128000 tokens. However, your messages resulted in 130518 tokens. Please reduce the length of the messages.",
                            "invalid_request_error",
                            "messages",
                            "context_length_exceeded"))));
    LlmException e = chatFails(OPTIONS);
    assertThat(e)
        .isInstanceOf(ContextWindowExceededException.class)
        .hasMessageContaining("maximum context length is 128000");
    assertThat(e.isRetriable()).isFalse();
  }

  @Test
  void contentPolicy() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        Fixtures.error(
                            "Your request was rejected as a result of our safety system.",
                            "invalid_request_error",
                            null,
                            "content_policy_violation"))));
    assertThat(chatFails(OPTIONS))
        .isInstanceOf(ContentPolicyException.class)
        .hasMessageContaining("safety system");
  }

  @Test
  void connectionResetIsAConnectionError() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    LlmException e = chatFails(OPTIONS);
    assertThat(e).isInstanceOf(ConnectionException.class);
    assertThat(e.isRetriable()).isTrue();
  }

  @Test
  void emptyResponseIsAConnectionError() {
    wm.stubFor(
        post("/v1/chat/completions").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    assertThat(chatFails(OPTIONS)).isInstanceOf(ConnectionException.class);
  }

  @Test
  void malformedChunkIsRetriable() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    LlmException e = chatFails(OPTIONS);
    // OkHttp reports a malformed HTTP answer; Jetty and the JDK client a connection that broke.
    assertThat(e).isInstanceOfAny(UpstreamServerException.class, ConnectionException.class);
    assertThat(e.isRetriable()).isTrue();
  }

  @Test
  void malformedJsonBody() {
    wm.stubFor(
        post("/v1/chat/completions").willReturn(okJson("{\"id\":\"chatcmpl-1\",\"choices\":[{")));
    LlmException e = chatFails(OPTIONS);
    assertThat(e)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageStartingWith("malformed response");
    assertThat(e.upstreamStatus()).isEqualTo(200);
    assertThat(e.isRetriable()).isTrue();
  }

  @Test
  void emptyBody200() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", "application/json")));
    LlmException e = chatFails(OPTIONS);
    assertThat(e).isInstanceOf(UpstreamServerException.class).hasMessageContaining("empty body");
    assertThat(e.upstreamStatus()).isEqualTo(200);
  }

  @Test
  void errorObjectWithStatus200() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(
                okJson(
                    Fixtures.error(
                        "That model is currently overloaded with other requests.",
                        "server_error",
                        null,
                        null))));
    assertThat(chatFails(OPTIONS))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("overloaded");
  }

  @Test
  void slowFirstBytePastTheTimeout() {
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(okJson(Fixtures.CHAT_COMPLETION).withFixedDelay(1500)));
    LlmException e = chatFails(Fixtures.timeouts(200, 5000));
    assertThat(e).isInstanceOf(LlmTimeoutException.class);
    assertThat(e.isRetriable()).isTrue();
  }

  @Test
  void slowBodyPastTheWholeCallTimeout() {
    // Each gap is short, but the whole answer takes longer than the call's timeout.
    wm.stubFor(
        post("/v1/chat/completions")
            .willReturn(okJson(Fixtures.CHAT_COMPLETION).withChunkedDribbleDelay(10, 1500)));
    assertThat(chatFails(Fixtures.timeouts(400, 5000))).isInstanceOf(LlmTimeoutException.class);
  }

  @Test
  void connectionRefused() {
    CallOptions options = OPTIONS;
    var provider =
        new OpenAiProviderFactory()
            .create(
                new dev.llmux.api.spi.ProviderConfig(
                    "dead", "openai", "k", "http://127.0.0.1:1/v1", Map.of()));
    assertThatThrownBy(() -> provider.chat(REQUEST, options))
        .isInstanceOf(ConnectionException.class);
  }
}
