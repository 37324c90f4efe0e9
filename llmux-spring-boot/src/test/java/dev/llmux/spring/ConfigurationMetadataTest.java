package dev.llmux.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmux.core.config.ConfigException;
import dev.llmux.core.config.ConfigLoader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * META-INF/spring-configuration-metadata.json is written by hand (the router's keys are read by
 * LLMux's own loader, not bound to a properties class): this test keeps it equal to the loader's
 * key lists, section by section, so that it cannot drift. When it fails after a key was added, add
 * the key to the JSON (name, type, description, default as in docs/configuration.md).
 */
class ConfigurationMetadataTest {
  private static final Pattern KNOWN = Pattern.compile("\\(known: ([^)]*)\\)");

  @ParameterizedTest
  @ValueSource(strings = {"", "routing", "cache", "governance", "deployment", "metrics", "tracing"})
  void everyKeyOfTheSectionIsInTheMetadataAndNothingElse(String section) throws Exception {
    Set<String> documented = documented(section);
    String yaml = section.isEmpty() ? "zz_unknown: 1\n" : section + ":\n  zz_unknown: 1\n";
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml", Set.of(), Map.of()));
    Matcher m = KNOWN.matcher(e.detail());
    assertThat(m.find()).as(e.detail()).isTrue();
    Set<String> known = new TreeSet<>(Arrays.asList(m.group(1).split(", ")));
    assertThat(documented).isEqualTo(known);
  }

  /** The metadata's keys directly under {@code llmux.<section>} (properties and groups). */
  private static Set<String> documented(String section) throws Exception {
    String prefix = section.isEmpty() ? "llmux." : "llmux." + section + ".";
    JsonNode root;
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<JsonNode> entries = new ArrayList<>();
    root.get("properties").forEach(entries::add);
    root.get("groups").forEach(entries::add);
    Set<String> keys = new TreeSet<>();
    for (JsonNode p : entries) {
      String name = p.get("name").asText();
      if (name.startsWith(prefix) && !name.substring(prefix.length()).contains(".")) {
        keys.add(name.substring(prefix.length()));
      }
    }
    if (section.isEmpty()) {
      keys.removeAll(LlmuxAutoConfiguration.RESERVED); // the Spring-only keys
    }
    return keys;
  }
}
