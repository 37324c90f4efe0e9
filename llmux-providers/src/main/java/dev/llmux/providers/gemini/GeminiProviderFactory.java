package dev.llmux.providers.gemini;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import java.util.List;

/**
 * Creates providers of type {@code gemini}: the Gemini API ({@code
 * {base_url}/{api_version}/models/{model}:generateContent}, base URL {@code
 * https://generativelanguage.googleapis.com} by default), translated to and from the OpenAI chat
 * and embeddings shapes.
 *
 * <p>Sends {@code x-goog-api-key} (required). Settings: {@code api_version} (default {@code
 * v1beta}), {@code headers} (extra HTTP headers). See {@code docs/providers.md}.
 */
public final class GeminiProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "gemini";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public GeminiProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return GeminiProvider.create(config);
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("gemini");
  }

  @Override
  public List<ProviderSetting> settings() {
    return List.of(
        ProviderSetting.of(
            "headers", Kind.STRING_MAP, "extra_headers", "extra HTTP headers sent on every call"),
        ProviderSetting.of(
            "api_version",
            Kind.STRING,
            "api_version",
            "API version path segment (default v1beta)"));
  }
}
