package dev.llmux.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.spi.ProviderConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderFactoriesTest {

  @Test
  void typesAndDefaults() {
    assertThat(new OpenAiProviderFactory().type()).isEqualTo("openai");
    assertThat(new AzureOpenAiProviderFactory().type()).isEqualTo("azure");
    assertThat(new OpenAiCompatibleProviderFactory().type()).isEqualTo("openai-compatible");
    ProviderConfig config = ProviderConfig.of("main", "openai", "sk", null);
    assertThat(new OpenAiProviderFactory().create(config).config()).isSameAs(config);
  }

  @Test
  void unknownSettingIsRejectedNamingKeyAndProvider() {
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(
                        new ProviderConfig(
                            "main", "openai", "sk", null, Map.of("api_version", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'main'")
        .hasMessageContaining("'api_version'");
    assertThatThrownBy(
            () ->
                new AzureOpenAiProviderFactory()
                    .create(
                        new ProviderConfig(
                            "az",
                            "azure",
                            "k",
                            "https://r.openai.azure.com",
                            Map.of("organization", "o"))))
        .hasMessageContaining("'az'")
        .hasMessageContaining("'organization'");
  }

  @Test
  void requiredBaseUrlAndKey() {
    assertThatThrownBy(
            () ->
                new AzureOpenAiProviderFactory()
                    .create(ProviderConfig.of("az", "azure", "k", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'az'")
        .hasMessageContaining("base_url");
    assertThatThrownBy(
            () ->
                new AzureOpenAiProviderFactory()
                    .create(ProviderConfig.of("az", "azure", null, "https://r.openai.azure.com")))
        .hasMessageContaining("'az'")
        .hasMessageContaining("api_key");
    assertThatThrownBy(
            () ->
                new OpenAiCompatibleProviderFactory()
                    .create(ProviderConfig.of("local", "openai-compatible", null, " ")))
        .hasMessageContaining("'local'")
        .hasMessageContaining("base_url");
  }

  @Test
  void malformedUrlAndBadSettingValues() {
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(ProviderConfig.of("main", "openai", "sk", "api.openai.com/v1")))
        .hasMessageContaining("'main'")
        .hasMessageContaining("base_url");
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(
                        new ProviderConfig(
                            "main", "openai", "sk", null, Map.of("stream_usage", "maybe"))))
        .hasMessageContaining("stream_usage");
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(
                        new ProviderConfig(
                            "main",
                            "openai",
                            "sk",
                            null,
                            Map.of("headers", Map.of("Bad Header", "v")))))
        .hasMessageContaining("headers");
  }
}
