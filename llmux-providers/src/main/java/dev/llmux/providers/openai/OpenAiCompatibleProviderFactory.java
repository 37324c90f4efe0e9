package dev.llmux.providers.openai;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import java.util.List;

/**
 * Creates providers of type {@code openai-compatible}: any server speaking OpenAI's wire (vLLM,
 * Ollama, LM Studio, llama.cpp, other gateways...) at the required {@code base_url} (the prefix of
 * {@code /chat/completions}, for example {@code http://localhost:8000/v1}).
 *
 * <p>The API key is optional; when set it is sent as {@code Authorization: Bearer <api_key>}.
 * Settings are those of {@link OpenAiProviderFactory}: {@code organization}, {@code project},
 * {@code headers}, {@code stream_usage}.
 */
public final class OpenAiCompatibleProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "openai-compatible";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public OpenAiCompatibleProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return OpenAiProvider.compatible(config);
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("openai_compatible", "custom_openai", "openai_like");
  }

  @Override
  public List<ProviderSetting> settings() {
    return OpenAiProvider.OPENAI_SETTING_SPECS;
  }
}
