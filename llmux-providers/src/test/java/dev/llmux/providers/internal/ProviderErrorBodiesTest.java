package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.error.AuthenticationException;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.ContextWindowExceededException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.error.PermissionDeniedException;
import dev.llmux.api.error.RateLimitException;
import dev.llmux.api.error.UpstreamServerException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ErrorMapper on Anthropic and Google error bodies. */
class ProviderErrorBodiesTest {

  @Test
  void googleStatusNamesMapInsideStreams() {
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\"}}"))
        .isInstanceOf(RateLimitException.class);
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"bad\",\"status\":\"INVALID_ARGUMENT\"}}"))
        .isInstanceOf(BadRequestException.class);
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"who\",\"status\":\"UNAUTHENTICATED\"}}"))
        .isInstanceOf(AuthenticationException.class);
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"no\",\"status\":\"PERMISSION_DENIED\"}}"))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(
            ErrorMapper.fromStreamError(
                "{\"error\":{\"message\":\"gone\",\"status\":\"NOT_FOUND\"}}"))
        .isInstanceOf(NotFoundException.class);
    LlmException busy =
        ErrorMapper.fromStreamError(
            "{\"error\":{\"code\":503,\"message\":\"busy\",\"status\":\"UNAVAILABLE\"}}");
    assertThat(busy).isInstanceOf(UpstreamServerException.class);
    assertThat(busy.isRetriable()).isTrue();
  }

  @Test
  void googleRetryInfo() {
    String body =
        "{\"error\":{\"code\":429,\"message\":\"slow down\",\"status\":\"RESOURCE_EXHAUSTED\","
            + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}";
    LlmException e = ErrorMapper.fromGoogle(429, body, h -> null);
    assertThat(e).isInstanceOf(RateLimitException.class);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThat(
            ErrorMapper.fromGoogle(429, body, h -> "retry-after".equals(h) ? "3" : null)
                .retryAfter())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void anthropicBodies() {
    assertThat(
            ErrorMapper.fromHttp(
                400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"input length and `max_tokens` exceed context limit: 190000 + 20000 > 200000\"}}",
                h -> null))
        .isInstanceOf(ContextWindowExceededException.class);
    LlmException overloaded =
        ErrorMapper.fromHttp(
            529,
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
            h -> null);
    assertThat(overloaded).isInstanceOf(UpstreamServerException.class).hasMessage("Overloaded");
    assertThat(overloaded.isRetriable()).isTrue();
    LlmException tooLarge =
        ErrorMapper.fromHttp(
            413,
            "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds the maximum size\"}}",
            h -> null);
    assertThat(tooLarge).isInstanceOf(BadRequestException.class);
    assertThat(tooLarge.isRetriable()).isFalse();
    assertThat(tooLarge.code()).isEqualTo("request_too_large");
  }
}
