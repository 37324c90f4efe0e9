package dev.llmux.api.spi;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One configured provider instance: a {@code name} unique in the router, its {@code type} (which
 * {@link ProviderFactory} builds it), credentials, an optional {@code baseUrl} override (each type
 * has its own default) and type-specific {@code settings} (for example {@code api_version} for
 * {@code azure}). A provider rejects settings it does not know.
 */
public record ProviderConfig(
    String name,
    String type,
    @Nullable String apiKey,
    @Nullable String baseUrl,
    Map<String, Object> settings) {

  public ProviderConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    settings = settings == null ? Map.of() : Map.copyOf(settings);
  }

  public static ProviderConfig of(
      String name, String type, @Nullable String apiKey, @Nullable String baseUrl) {
    return new ProviderConfig(name, type, apiKey, baseUrl, Map.of());
  }

  /** A setting as a string, or {@code fallback} when absent. */
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
}
