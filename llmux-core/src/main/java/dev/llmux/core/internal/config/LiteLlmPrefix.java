package dev.llmux.core.internal.config;

import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.core.internal.routing.ProviderRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's {@code <provider>/<model>} prefixes of {@code litellm_params.model} and the LLMux
 * provider type each maps to, taken from the {@link ProviderFactory#litellmPrefixes()} of the
 * factories on the class path ({@link ProviderRegistry} fails when two claim the same prefix). A
 * model without a prefix is an OpenAI model, as in LiteLLM. Default base URLs and URL quirks (such
 * as Ollama's {@code /v1}) belong to the providers, not to this table.
 */
final class LiteLlmPrefix {

  /** The type a model without a prefix means. */
  static final String DEFAULT_TYPE = "openai";

  /** A resolved {@code litellm_params.model}: the prefix (empty when none), its type, the model. */
  record Target(String prefix, String type, String model) {}

  private LiteLlmPrefix() {}

  /** Prefix to type, in the order of the types' names. */
  static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    for (ProviderFactory f : ProviderRegistry.factories().values()) {
      for (String prefix : f.litellmPrefixes()) {
        table.put(prefix, f.type());
      }
    }
    return table;
  }

  /** The supported prefixes, sorted. */
  static List<String> names() {
    List<String> names = new ArrayList<>(table().keySet());
    names.sort(null);
    return names;
  }

  /**
   * Splits {@code model} at its first {@code /}; a model without one is an OpenAI model. Returns
   * null for an unknown prefix.
   */
  static @Nullable Target resolve(String model) {
    int slash = model.indexOf('/');
    if (slash < 0) {
      return new Target("", DEFAULT_TYPE, model);
    }
    String prefix = model.substring(0, slash);
    String type = table().get(prefix);
    return type == null ? null : new Target(prefix, type, model.substring(slash + 1));
  }
}
