package dev.llmux.providers.anthropic;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.api.spi.ProviderSetting.Kind;
import java.util.List;

/**
 * Creates providers of type {@code anthropic}: Anthropic's Messages API ({@code POST
 * {base_url}/v1/messages}, base URL {@code https://api.anthropic.com} by default), translated to
 * and from the OpenAI chat shape.
 *
 * <p>Sends {@code x-api-key} (required) and {@code anthropic-version}. Settings: {@code
 * anthropic_version} (default {@code 2023-06-01}), {@code anthropic_beta} (a string, or a list
 * joined with {@code ,}, sent as {@code anthropic-beta}), {@code headers} (extra HTTP headers). See
 * {@code docs/providers.md} for the translation.
 */
public final class AnthropicProviderFactory implements ProviderFactory {
  /** The type name, {@value}. */
  public static final String TYPE = "anthropic";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public AnthropicProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Provider create(ProviderConfig config) {
    return AnthropicProvider.create(config);
  }

  @Override
  public List<String> litellmPrefixes() {
    return List.of("anthropic");
  }

  @Override
  public List<ProviderSetting> settings() {
    return List.of(
        ProviderSetting.of(
            "headers", Kind.STRING_MAP, "extra_headers", "extra HTTP headers sent on every call"),
        ProviderSetting.of(
            "anthropic_version", Kind.STRING, "anthropic-version header (default 2023-06-01)"),
        ProviderSetting.of("anthropic_beta", Kind.STRING_LIST, "anthropic-beta header values"));
  }
}
