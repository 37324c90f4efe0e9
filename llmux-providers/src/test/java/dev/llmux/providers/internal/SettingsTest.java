package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.spi.ProviderConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Settings settings(Map<String, Object> values) {
    return Settings.of(new ProviderConfig("p1", "mock", null, null, values), values.keySet());
  }

  @Test
  void durationsInTheirForms() {
    assertThat(Settings.parseDuration("50ms")).isEqualTo(Duration.ofMillis(50));
    assertThat(Settings.parseDuration("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(Settings.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Settings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Settings.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Settings.parseDuration("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.parseDuration(75)).isEqualTo(Duration.ofMillis(75));
    assertThat(Settings.parseDuration("PT3S")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Settings.parseDuration(Duration.ofMillis(9))).isEqualTo(Duration.ofMillis(9));
    assertThat(Settings.parseDuration("soon")).isNull();
    assertThat(Settings.parseDuration("5 parsecs")).isNull();
  }

  @Test
  void typedValues() {
    Settings s =
        settings(
            Map.of(
                "b",
                "true",
                "n",
                "0.25",
                "i",
                7,
                "d",
                "10ms",
                "m",
                Map.of("X-A", "1"),
                "l",
                List.of("a", "b"),
                "one",
                "c"));
    assertThat(s.bool("b", false)).isTrue();
    assertThat(s.bool("absent", true)).isTrue();
    assertThat(s.number("n", 0)).isEqualTo(0.25);
    assertThat(s.integer("i", 0)).isEqualTo(7);
    assertThat(s.duration("d", Duration.ZERO)).isEqualTo(Duration.ofMillis(10));
    assertThat(s.stringMap("m")).containsEntry("X-A", "1");
    assertThat(s.stringList("l")).containsExactly("a", "b");
    assertThat(s.stringList("one")).containsExactly("c");
  }

  @Test
  void badValuesNameProviderAndKey() {
    assertThatThrownBy(() -> settings(Map.of("b", "yes")).bool("b", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'p1'")
        .hasMessageContaining("b");
    assertThatThrownBy(() -> settings(Map.of("d", "-5ms")).duration("d", Duration.ZERO))
        .hasMessageContaining("d must not be negative");
    assertThatThrownBy(() -> settings(Map.of("m", "x")).stringMap("m"))
        .hasMessageContaining("m must be a map");
  }

  @Test
  void unknownKeyIsRejected() {
    ProviderConfig config =
        new ProviderConfig("p1", "openai", null, null, Map.of("colour", "blue"));
    assertThatThrownBy(() -> Settings.of(config, Set.of("project")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'p1'")
        .hasMessageContaining("'colour'");
  }

  @Test
  void baseUrlValidation() {
    assertThat(
            Settings.baseUrl(ProviderConfig.of("p", "openai", null, "http://h:1/v1/"), null)
                .toString())
        .isEqualTo("http://h:1/v1");
    assertThat(
            Settings.baseUrl(
                    ProviderConfig.of("p", "openai", null, null), "https://api.openai.com/v1")
                .host())
        .isEqualTo("api.openai.com");
    assertThatThrownBy(() -> Settings.baseUrl(ProviderConfig.of("p", "azure", null, null), null))
        .hasMessageContaining("'p'")
        .hasMessageContaining("base_url is required");
    assertThatThrownBy(
            () -> Settings.baseUrl(ProviderConfig.of("p", "azure", null, "ftp://x"), null))
        .hasMessageContaining("base_url");
    assertThatThrownBy(
            () -> Settings.baseUrl(ProviderConfig.of("p", "azure", null, "not a url"), null))
        .hasMessageContaining("base_url");
  }
}
