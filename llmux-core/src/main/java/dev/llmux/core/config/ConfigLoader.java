package dev.llmux.core.config;

import dev.llmux.core.internal.config.ConfigBinder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Loads a router configuration file: LLMux's own shape ({@code providers}, {@code routing}, {@code
 * cache}, {@code aliases}), LiteLLM's vocabulary ({@code model_list}, {@code router_settings},
 * {@code litellm_settings}) or both in one file. {@code ${ENV}} references are substituted in the
 * text before parsing and LiteLLM's {@code os.environ/NAME} values after; every unknown key, wrong
 * type or invalid value is a {@link ConfigException} naming the source and line. See {@code
 * docs/configuration.md} for every key.
 *
 * <p>Other modules (the Redis store, the HTTP facade...) can keep their own top-level sections in
 * the same file: pass their names as {@code extensionSections} and read them, unvalidated, from
 * {@link RouterConfig#extensions()}.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads {@code file} with the process environment and no extension sections.
   *
   * @throws ConfigException when the file cannot be read or is invalid
   */
  public static RouterConfig load(Path file) {
    return load(file, Set.of());
  }

  /**
   * Loads {@code file} with the process environment, returning the top-level sections named in
   * {@code extensionSections} raw.
   *
   * @throws ConfigException when the file cannot be read or is invalid
   */
  public static RouterConfig load(Path file, Set<String> extensionSections) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(source, 0, "cannot read the configuration file: " + e, e);
    }
    return parse(text, source, extensionSections, System.getenv());
  }

  /**
   * Parses configuration text.
   *
   * @param yaml the YAML text
   * @param sourceName the name used in error messages (usually the file name)
   * @param extensionSections top-level sections returned raw in {@link RouterConfig#extensions()};
   *     must not name a section of the configuration itself
   * @param env the environment used for {@code ${NAME}} and {@code os.environ/NAME}
   * @throws ConfigException when the text is invalid
   * @throws IllegalArgumentException when an extension section clashes with a built-in one
   */
  public static RouterConfig parse(
      String yaml, String sourceName, Set<String> extensionSections, Map<String, String> env) {
    Objects.requireNonNull(yaml, "yaml");
    String source = sourceName == null ? "<config>" : sourceName;
    Set<String> extensions = extensionSections == null ? Set.of() : Set.copyOf(extensionSections);
    for (String s : extensions) {
      if (ConfigBinder.TOP_LEVEL.contains(s)) {
        throw new IllegalArgumentException("'" + s + "' is a built-in section, not an extension");
      }
    }
    return ConfigBinder.parse(yaml, source, extensions, env == null ? Map.of() : env);
  }
}
