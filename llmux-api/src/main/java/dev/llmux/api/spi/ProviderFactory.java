package dev.llmux.api.spi;

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
}
