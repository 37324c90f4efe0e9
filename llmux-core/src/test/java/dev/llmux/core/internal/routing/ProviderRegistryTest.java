package dev.llmux.core.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

  private static ProviderFactory factory(String type, String... prefixes) {
    return new ProviderFactory() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Provider create(ProviderConfig config) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<String> litellmPrefixes() {
        return List.of(prefixes);
      }
    };
  }

  @Test
  void twoFactoriesClaimingOnePrefixFail() {
    Map<String, ProviderFactory> byType = new TreeMap<>();
    byType.put("ollama", factory("ollama", "ollama", "ollama_chat"));
    byType.put("my-ollama", factory("my-ollama", "ollama_chat"));
    assertThatThrownBy(() -> ProviderRegistry.checkPrefixes(byType))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LiteLLM prefix 'ollama_chat/' is claimed by provider types")
        .hasMessageContaining("'my-ollama'")
        .hasMessageContaining("'ollama'");
  }

  @Test
  void distinctPrefixesPass() {
    Map<String, ProviderFactory> byType = new TreeMap<>();
    byType.put("a", factory("a", "a"));
    byType.put("b", factory("b", "b", "bb"));
    ProviderRegistry.checkPrefixes(byType);
    assertThat(ProviderRegistry.factories()).containsKey("all-kinds");
  }
}
