package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.ContentPolicyException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.LlmTimeoutException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  private static final Function<String, String> NO_HEADERS = name -> null;

  private static Function<String, String> headers(Map<String, String> map) {
    return map::get;
  }

  @Test
  void openAiErrorBodyGivesMessageCodeAndParam() {
    LlmException e =
        ErrorMapper.fromHttp(
            400,
            "{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\","
                + "\"param\":\"temperature\",\"code\":\"invalid_value\"}}",
            NO_HEADERS);
    assertThat(e)
        .isExactlyInstanceOf(BadRequestException.class)
        .hasMessage("Invalid value for 'temperature'");
    assertThat(e.code()).isEqualTo("invalid_value");
    assertThat(e.param()).isEqualTo("temperature");
    assertThat(e.upstreamStatus()).isEqualTo(400);
    assertThat(e.isRetriable()).isFalse();
  }

  @Test
  void contextWindowByCodeOrByMessage() {
    assertThat(
            ErrorMapper.fromHttp(
                400,
                "{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}",
                NO_HEADERS))
        .isInstanceOf(ContextWindowExceededException.class)
        .hasMessage("too long");
    assertThat(
            ErrorMapper.fromHttp(
                400,
                "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\",\"code\":400}",
                NO_HEADERS))
        .isInstanceOf(ContextWindowExceededException.class);
  }

  @Test
  void azureContentFilter() {
    String body =
        "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.\","
            + "\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,"
            + "\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{\"hate\":{\"filtered\":true,\"severity\":\"high\"}}}}}";
    LlmException e = ErrorMapper.fromHttp(400, body, NO_HEADERS);
    assertThat(e)
        .isInstanceOf(ContentPolicyException.class)
        .hasMessageContaining("content management policy");
    assertThat(e.code()).isEqualTo("content_filter");
    String innerOnly =
        "{\"error\":{\"message\":\"filtered\",\"code\":\"invalid_prompt\",\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\"}}}";
    assertThat(ErrorMapper.fromHttp(400, innerOnly, NO_HEADERS))
        .isInstanceOf(ContentPolicyException.class);
    assertThat(
            ErrorMapper.fromHttp(
                400,
                "{\"error\":{\"message\":\"no\",\"code\":\"content_policy_violation\"}}",
                NO_HEADERS))
        .isInstanceOf(ContentPolicyException.class);
  }

  @Test
  void nonJsonAndEmptyBodiesAreKeptTruncated() {
    LlmException html =
        ErrorMapper.fromHttp(502, "<html><body>Bad Gateway</body></html>", NO_HEADERS);
    assertThat(html)
        .isInstanceOf(UpstreamServerException.class)
        .hasMessage("upstream answered HTTP 502: <html><body>Bad Gateway</body></html>");
    assertThat(html.httpStatus()).isEqualTo(502);
    assertThat(ErrorMapper.fromHttp(503, "", NO_HEADERS))
        .hasMessage("upstream answered HTTP 503 with an empty body");
    LlmException huge = ErrorMapper.fromHttp(500, "e".repeat(5000), NO_HEADERS);
    assertThat(huge.getMessage()).hasSizeLessThan(1100).endsWith("...(truncated)");
    assertThat(ErrorMapper.fromHttp(400, "{\"error\":\"plain error text\"}", NO_HEADERS))
        .hasMessage("plain error text");
    assertThat(ErrorMapper.fromHttp(400, "{not json", NO_HEADERS))
        .hasMessageContaining("{not json");
  }

  @Test
  void retryAfterForms() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    assertThat(
            ErrorMapper.retryAfter(
                headers(Map.of("retry-after-ms", "1500", "retry-after", "9")), clock))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(ErrorMapper.retryAfter(headers(Map.of("retry-after", "2")), clock))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(ErrorMapper.retryAfter(headers(Map.of("retry-after", "0.25")), clock))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(
            ErrorMapper.retryAfter(
                headers(Map.of("retry-after", "Mon, 23 Nov 2026 10:00:30 GMT")), clock))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            ErrorMapper.retryAfter(
                headers(Map.of("retry-after", "Mon, 23 Nov 2026 09:00:00 GMT")), clock))
        .isEqualTo(Duration.ZERO);
    assertThat(
            ErrorMapper.retryAfter(
                headers(Map.of("retry-after-ms", "x", "retry-after", "3")), clock))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(ErrorMapper.retryAfter(headers(Map.of("retry-after", "later")), clock)).isNull();
    assertThat(ErrorMapper.retryAfter(NO_HEADERS, clock)).isNull();
    LlmException e = ErrorMapper.fromHttp(429, "", headers(Map.of("retry-after", "7")), clock);
    assertThat(e).isInstanceOf(RateLimitException.class);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void ioExceptions() {
    assertThat(ErrorMapper.fromIOException(new SocketTimeoutException("Read timed out")))
        .isInstanceOf(LlmTimeoutException.class);
    assertThat(ErrorMapper.fromIOException(new InterruptedIOException("timeout")))
        .isInstanceOf(LlmTimeoutException.class);
    for (IOException e :
        new IOException[] {
          new ConnectException("Connection refused"), new UnknownHostException("nope.invalid"),
          new SocketException("Connection reset"), new EOFException("\\n not found"),
          new IOException("unexpected end of stream on http://x/..."),
              new ProtocolException("unexpected end of stream"),
          new InterruptedIOException("interrupted")
        }) {
      LlmException mapped = ErrorMapper.fromIOException(e);
      assertThat(mapped).isInstanceOf(ConnectionException.class).hasCause(e);
      assertThat(mapped.isRetriable()).isTrue();
    }
    assertThat(ErrorMapper.fromIOException(new ProtocolException("Unexpected status line")))
        .isInstanceOf(UpstreamServerException.class);
  }

  @Test
  void streamErrorsAreMappedByTypeAndCode() {
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"))
        .isExactlyInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("Sorry about that!");
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_exceeded\"}}"))
        .isInstanceOf(RateLimitException.class);
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"))
        .isInstanceOf(ContextWindowExceededException.class);
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"filtered\",\"code\":\"content_filter\",\"status\":400}}"))
        .isInstanceOf(ContentPolicyException.class);
    assertThat(ErrorMapper.fromStreamError("oops"))
        .isInstanceOf(UpstreamServerException.class)
        .hasMessageContaining("oops");
  }

  @Test
  void malformedKeepsTheStatus() {
    UpstreamServerException e = ErrorMapper.malformed("empty body", 200, null);
    assertThat(e.upstreamStatus()).isEqualTo(200);
    assertThat(e.httpStatus()).isEqualTo(502);
    assertThat(e).hasMessage("malformed response from upstream: empty body");
  }
}
