package dev.llmux.api.spi;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One setting a provider type accepts in {@link ProviderConfig#settings()}, described so that a
 * configuration binder can read it from a file with its own type checks and line numbers, and map
 * LiteLLM's {@code litellm_params} keys onto it.
 *
 * @param name the setting key, as written in LLMux configuration ({@code region}, {@code headers})
 * @param kind the value's kind; the provider receives values of the matching Java types (see {@link
 *     Kind}), and also accepts their text form
 * @param litellmName the {@code litellm_params} key carrying the same value in LiteLLM's
 *     configuration shape ({@code aws_region_name}, {@code extra_headers}), or {@code null} when
 *     LiteLLM has none
 * @param description one line for error messages and documentation
 */
public record ProviderSetting(
    String name, Kind kind, @Nullable String litellmName, String description) {

  /** Value kinds, with the Java type a provider receives for each. */
  public enum Kind {
    /** {@link String}. */
    STRING,
    /** A {@code List<String>}; a single string is also accepted. */
    STRING_LIST,
    /** {@link Boolean}. */
    BOOLEAN,
    /** {@link Long} (or {@link Integer}). */
    INTEGER,
    /** {@link Double}. */
    NUMBER,
    /** {@link java.time.Duration}; text such as {@code 50ms}, {@code 2s} is also accepted. */
    DURATION,
    /** A {@code Map<String, String>} (for example extra HTTP headers). */
    STRING_MAP
  }

  /** Checks the required components; a {@code null} description becomes empty. */
  public ProviderSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    description = Objects.requireNonNullElse(description, "");
  }

  /** A setting with no LiteLLM counterpart. */
  public static ProviderSetting of(String name, Kind kind, String description) {
    return new ProviderSetting(name, kind, null, description);
  }

  /** A setting that LiteLLM spells {@code litellmName} in {@code litellm_params}. */
  public static ProviderSetting of(String name, Kind kind, String litellmName, String description) {
    return new ProviderSetting(name, kind, litellmName, description);
  }
}
