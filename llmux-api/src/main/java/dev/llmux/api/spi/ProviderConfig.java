package dev.llmux.api.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One configured provider instance: a {@code name} unique in the router, its {@code type} (which
 * {@link ProviderFactory} builds it), credentials, an optional {@code baseUrl} override (each type
 * has its own default) and type-specific {@code settings} (for example {@code api_version} for
 * {@code azure}). A provider rejects settings it does not know.
 *
 * <pre>{@code
 * ProviderConfig azure = ProviderConfig.builder("azure-eu", "azure")
 *     .apiKey(System.getenv("AZURE_API_KEY"))
 *     .baseUrl("https://my-eu.openai.azure.com")
 *     .setting("api_version", "2024-10-21")
 *     .build();
 * }</pre>
 *
 * @param name the provider's name, unique in the router; deployments refer to it
 * @param type the provider type: {@code openai}, {@code azure}, {@code openai-compatible}, {@code
 *     anthropic}, {@code gemini}, {@code mock} or one added through the {@link ProviderFactory} SPI
 * @param apiKey the credential, or null for none (local servers, the mock)
 * @param baseUrl the upstream's base URL, or null for the type's default
 * @param settings type-specific settings (copied; null means none)
 */
public record ProviderConfig(
    String name,
    String type,
    @Nullable String apiKey,
    @Nullable String baseUrl,
    Map<String, Object> settings) {

  /** Checks the name and type and copies the settings. */
  public ProviderConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  /**
   * A provider without type-specific settings.
   *
   * @param name the provider's name, unique in the router
   * @param type the provider type (for example {@code openai})
   * @param apiKey the credential, or null for none
   * @param baseUrl the upstream's base URL, or null for the type's default
   * @return the configuration
   */
  public static ProviderConfig of(
      String name, String type, @Nullable String apiKey, @Nullable String baseUrl) {
    return new ProviderConfig(name, type, apiKey, baseUrl, Map.of());
  }

  /**
   * A builder with named setters, the readable alternative to the constructor.
   *
   * @param name the provider's name, unique in the router; deployments refer to it
   * @param type the provider type (for example {@code openai})
   * @return a builder with no key, the type's default base URL and no settings
   */
  public static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  /**
   * A setting as a string, or {@code fallback} when absent.
   *
   * @param key the setting's name
   * @param fallback the value when the setting is absent
   * @return the setting's string form, or {@code fallback}
   */
  public @Nullable String setting(String key, @Nullable String fallback) {
    Object v = settings.get(key);
    return v == null ? fallback : v.toString();
  }

  @Override
  public String toString() {
    return "ProviderConfig[name="
        + name
        + ", type="
        + type
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", settings="
        + settings.keySet()
        + "]";
  }

  /** Builds a {@link ProviderConfig} with named setters; see {@link #builder(String, String)}. */
  public static final class Builder {
    private final String name;
    private final String type;
    private @Nullable String apiKey;
    private @Nullable String baseUrl;
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private Builder(String name, String type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * The credential (for example an API key read from the environment).
     *
     * @param apiKey the key, or null for none
     * @return this builder
     */
    public Builder apiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * The upstream's base URL, for a proxy, a regional endpoint or a local server.
     *
     * @param baseUrl the URL, or null for the type's default
     * @return this builder
     */
    public Builder baseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * One type-specific setting (for example {@code api_version} for {@code azure}); replaces an
     * earlier value of the same key.
     *
     * @param key the setting's name
     * @param value its value
     * @return this builder
     */
    public Builder setting(String key, Object value) {
      settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds every entry of {@code settings} (see {@link #setting}).
     *
     * @param settings type-specific settings
     * @return this builder
     */
    public Builder settings(Map<String, ?> settings) {
      settings.forEach(this::setting);
      return this;
    }

    /**
     * The configuration.
     *
     * @return a new {@link ProviderConfig}
     */
    public ProviderConfig build() {
      return new ProviderConfig(name, type, apiKey, baseUrl, settings);
    }
  }
}
