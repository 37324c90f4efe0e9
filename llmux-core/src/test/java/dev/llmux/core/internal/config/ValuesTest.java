package dev.llmux.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "1d, PT24H",
    "30, PT30S",
    "1.5, PT1.5S",
    "0.25s, PT0.25S",
    "1.5m, PT1M30S",
    "0, PT0S",
    ".5, PT0.5S",
    "'2 s', PT2S"
  })
  void durations(String text, String iso) {
    assertThat(Values.duration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-1s", "abc", "5 minutes", "1w", "s", "", "1e3"})
  void invalidDurations(String text) {
    assertThatThrownBy(() -> Values.duration(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "1024, 1024",
    "64MiB, 67108864",
    "1KiB, 1024",
    "2GiB, 2147483648",
    "5MB, 5000000",
    "3kb, 3000",
    "7B, 7"
  })
  void sizes(String text, long bytes) {
    assertThat(Values.size(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5MiB", "lots", "99999999999GiB"})
  void invalidSizes(String text) {
    assertThatThrownBy(() -> Values.size(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
