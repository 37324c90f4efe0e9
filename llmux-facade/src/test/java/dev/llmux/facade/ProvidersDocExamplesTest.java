package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the YAML examples of docs/providers.md loadable with every provider module on the class
 * path (the facade's), so their keys and prefixes are the factories' own.
 */
class ProvidersDocExamplesTest {

  @Test
  void everyYamlExampleLoads() throws Exception {
    Path doc = Path.of("..", "docs", "providers.md");
    assumeTrue(Files.exists(doc), "docs/providers.md not next to the module");
    Matcher m =
        Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
    List<RouterConfig> configs = new ArrayList<>();
    while (m.find()) {
      configs.add(
          ConfigLoader.parse(m.group(1), "providers.md", Set.of(), Map.of("GROQ_API_KEY", "g")));
    }
    assertThat(configs).hasSizeGreaterThanOrEqualTo(3);
    List<String> types =
        configs.stream()
            .flatMap(c -> c.providers().stream())
            .map(ProviderConfig::type)
            .distinct()
            .toList();
    assertThat(types).contains("groq", "bedrock", "vertex_ai");
  }
}
