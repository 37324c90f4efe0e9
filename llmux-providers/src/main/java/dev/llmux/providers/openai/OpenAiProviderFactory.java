package dev.llmux.providers.openai;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import java.util.List;

/**
 * Creates providers of type {@code openai}: OpenAI's API at {@code https://api.openai.com/v1}
 * unless {@code base_url} says otherwise.
 *
 * <p>Sends {@code Authorization: Bearer <api_key>} when an API key is configured. Settings: {@code
 * organization} (string, sent as {@code OpenAI-Organization}), {@code project} (string, sent as
 * {@code OpenAI-Project}), {@code headers} (map of extra HTTP headers), {@code stream_usage}
 * (boolean, default {@code true}: ask for a final usage chunk on streams). Any other setting is
 * rejected.
 */
public final class OpenAiProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "openai";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public OpenAiProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return OpenAiProvider.openAi(config);
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("openai");
  }

  @Override
  public List<ProviderSetting> settings() {
    return OpenAiProvider.OPENAI_SETTING_SPECS;
  }
}
