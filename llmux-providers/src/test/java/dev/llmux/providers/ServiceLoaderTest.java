package dev.llmux.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.spi.ProviderFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {

  @Test
  void findsAllTypes() {
    assertThat(ServiceLoader.load(ProviderFactory.class).stream().map(p -> p.get().type()))
        .containsExactlyInAnyOrder(
            "openai", "azure", "openai-compatible", "mock", "anthropic", "gemini");
  }
}
