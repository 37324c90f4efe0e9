package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The values of {@code x-request-id} ({@link Exchange#requestId}) and {@code x-llmux-overhead-ms}
 * ({@link RouteHeaders#millis}).
 */
class HeaderValuesTest {
  @Test
  void aSaneCallerRequestIdIsKeptAnythingElseReplaced() {
    assertThat(Exchange.requestId("abc-123_X.y")).isEqualTo("abc-123_X.y");
    assertThat(Exchange.requestId("x".repeat(128))).hasSize(128);
    for (String bad :
        new String[] {null, "", "x".repeat(129), "has space", "tab\t", "é", "\u007f"}) {
      assertThat(Exchange.requestId(bad)).as(String.valueOf(bad)).matches("req_[0-9a-f]{32}");
    }
    assertThat(Exchange.requestId(null)).isNotEqualTo(Exchange.requestId(null));
  }

  @Test
  void overheadIsMillisecondsWithThreeDecimals() {
    assertThat(RouteHeaders.millis(0)).isEqualTo("0.000");
    assertThat(RouteHeaders.millis(999)).isEqualTo("0.000");
    assertThat(RouteHeaders.millis(1_000)).isEqualTo("0.001");
    assertThat(RouteHeaders.millis(12_000)).isEqualTo("0.012");
    assertThat(RouteHeaders.millis(412_345)).isEqualTo("0.412");
    assertThat(RouteHeaders.millis(1_234_567_890)).isEqualTo("1234.567");
  }
}
