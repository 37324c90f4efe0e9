package dev.llmux.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderConfigTest {

  @Test
  void builderSetsEveryFieldByName() {
    ProviderConfig c =
        ProviderConfig.builder("azure-eu", "azure")
            .apiKey("k")
            .baseUrl("https://eu.example")
            .setting("api_version", "2024-10-21")
            .settings(Map.of("deployment_map", "x"))
            .build();
    assertThat(c)
        .isEqualTo(
            new ProviderConfig(
                "azure-eu",
                "azure",
                "k",
                "https://eu.example",
                Map.of("api_version", "2024-10-21", "deployment_map", "x")));
    assertThat(c.toString()).contains("apiKey=***").doesNotContain("=k,");
  }

  @Test
  void builderDefaultsAreThoseOfThePositionalFactory() {
    assertThat(ProviderConfig.builder("m", "mock").build())
        .isEqualTo(ProviderConfig.of("m", "mock", null, null));
  }

  @Test
  void builderRejectsMissingNamesAndValues() {
    assertThatThrownBy(() -> ProviderConfig.builder(null, "mock"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> ProviderConfig.builder("m", "mock").setting("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
  }
}
