package dev.llmux.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {

  private static List<ProviderFactory> factories() {
    List<ProviderFactory> out = new ArrayList<>();
    ServiceLoader.load(ProviderFactory.class).forEach(out::add);
    return out;
  }

  @Test
  void findsAllTypes() {
    assertThat(factories().stream().map(ProviderFactory::type))
        .containsExactlyInAnyOrder(
            "openai",
            "azure",
            "openai-compatible",
            "mock",
            "anthropic",
            "gemini",
            "groq",
            "deepseek",
            "together_ai",
            "fireworks_ai",
            "mistral",
            "openrouter",
            "xai",
            "perplexity",
            "deepinfra",
            "cerebras",
            "siliconflow",
            "sambanova",
            "hyperbolic",
            "novita",
            "nvidia_nim",
            "moonshot",
            "dashscope",
            "volcengine",
            "lm_studio",
            "ollama",
            "vllm",
            "huggingface",
            "github",
            "cohere");
  }

  /** What the configuration binder will rely on: unique LiteLLM prefixes, described settings. */
  @Test
  void everyTypeDescribesItsPrefixesAndSettings() {
    Set<String> prefixes = new HashSet<>();
    for (ProviderFactory f : factories()) {
      assertThat(f.litellmPrefixes()).as(f.type()).isNotEmpty();
      for (String p : f.litellmPrefixes()) {
        assertThat(prefixes.add(p)).as("prefix " + p + " claimed twice").isTrue();
        assertThat(p).doesNotContain("/");
      }
      assertThat(f.settings()).as(f.type()).isNotEmpty();
      Set<String> names = new HashSet<>();
      for (ProviderSetting s : f.settings()) {
        assertThat(names.add(s.name())).as(f.type() + " setting " + s.name()).isTrue();
      }
    }
    assertThat(prefixes).contains("groq", "ollama", "ollama_chat", "hosted_vllm", "cohere_chat");
  }
}
