package dev.llmux.api.spi;

import java.util.List;

/**
 * Creates {@link Provider}s of one {@code type}. Implementations are registered in {@code
 * META-INF/services/dev.llmux.api.spi.ProviderFactory} and found by {@link
 * java.util.ServiceLoader}.
 */
public interface ProviderFactory {

  /**
   * The {@code type} this factory serves, as written in configuration ({@code openai}, {@code
   * azure}...).
   */
  String type();

  /**
   * Creates a provider for {@code config}; throws {@link IllegalArgumentException} naming the
   * problem when the configuration is invalid (missing credentials, unknown setting, bad URL).
   */
  Provider create(ProviderConfig config);

  /**
   * The LiteLLM model prefixes that mean this type in LiteLLM's configuration shape: the {@code
   * groq} of {@code litellm_params.model: groq/llama-3.3-70b-versatile}. A binder maps {@code
   * <prefix>/<model>} to a provider of this type serving {@code <model>}. Empty (the default) when
   * LiteLLM has no name for this type. Prefixes are unique across the factories on the class path.
   */
  default List<String> litellmPrefixes() {
    return List.of();
  }

  /**
   * The settings {@link #create} accepts, in documentation order, so that a configuration binder
   * can read them as typed keys (with line numbers in its errors) and translate LiteLLM's {@code
   * litellm_params} keys. Empty (the default) when the type does not describe them; a binder then
   * passes a free-form {@code settings} map and the provider validates it.
   */
  default List<ProviderSetting> settings() {
    return List.of();
  }
}
