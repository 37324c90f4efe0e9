package dev.llmux.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the examples of docs/configuration.md loadable. */
class DocsExamplesTest {

  private static final Map<String, String> ENV =
      Map.of("OPENAI_API_KEY", "sk-o", "AZURE_API_KEY", "sk-a", "ANTHROPIC_API_KEY", "sk-an");

  @Test
  void everyYamlExampleLoads() throws Exception {
    Path doc = Path.of("..", "docs", "configuration.md");
    assumeTrue(Files.exists(doc), "docs/configuration.md not next to the module");
    Matcher m =
        Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
    List<RouterConfig> configs = new ArrayList<>();
    while (m.find()) {
      configs.add(ConfigLoader.parse(m.group(1), "configuration.md", Set.of(), ENV));
    }
    // Examples are found by content, so adding one to the page does not break this test.
    RouterConfig llmux =
        configs.stream().filter(c -> c.aliases().containsKey("smart")).findFirst().orElseThrow();
    assertThat(llmux.deployments()).hasSize(4);
    assertThat(llmux.retry().retryPolicy()).containsKeys("rate_limit", "bad_request");
    RouterConfig litellm =
        configs.stream()
            .filter(c -> c.routing().strategy().equals("lowest-tpm-rpm"))
            .findFirst()
            .orElseThrow();
    assertThat(litellm.deployments()).hasSize(4);
    assertThat(litellm.cache().ttl()).hasSeconds(600);
  }
}
