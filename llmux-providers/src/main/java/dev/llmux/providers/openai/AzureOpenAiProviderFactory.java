package dev.llmux.providers.openai;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import java.util.List;

/**
 * Creates providers of type {@code azure}: Azure OpenAI deployments under the required {@code
 * base_url} (the resource endpoint, for example {@code https://myres.openai.azure.com}).
 *
 * <p>The request's {@code model} is the deployment name: chat goes to {@code
 * {base_url}/openai/deployments/{model}/chat/completions?api-version=...} and embeddings to {@code
 * .../embeddings?api-version=...}. The required API key is sent as {@code api-key}. Settings:
 * {@code api_version} (string, default {@code 2024-10-21}), {@code headers} (map of extra HTTP
 * headers), {@code stream_usage} (boolean, default {@code true}). Model listing returns an empty
 * list: Azure's data-plane API lists the models a resource could deploy, not its deployments, and
 * the router lists its configured model groups itself.
 */
public final class AzureOpenAiProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "azure";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public AzureOpenAiProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return OpenAiProvider.azure(config);
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("azure");
  }

  @Override
  public List<ProviderSetting> settings() {
    return OpenAiProvider.AZURE_SETTING_SPECS;
  }
}
