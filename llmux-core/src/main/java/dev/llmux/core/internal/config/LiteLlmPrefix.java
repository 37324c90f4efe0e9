package dev.llmux.core.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * LiteLLM's {@code <provider>/<model>} prefixes of {@code litellm_params.model} and the LLMux
 * provider type, default base URL and URL handling each maps to.
 */
final class LiteLlmPrefix {

  /** What a prefix maps to. */
  record Spec(String type, @Nullable String defaultBase, boolean baseRequired, boolean appendV1) {}

  /** A resolved {@code litellm_params.model}: the prefix (empty when none), its spec, the model. */
  record Target(String prefix, Spec spec, String model) {}

  private static final Map<String, Spec> PREFIXES = new LinkedHashMap<>();

  static {
    PREFIXES.put("openai", new Spec("openai", null, false, false));
    PREFIXES.put("azure", new Spec("azure", null, false, false));
    PREFIXES.put("anthropic", new Spec("anthropic", null, false, false));
    PREFIXES.put("gemini", new Spec("gemini", null, false, false));
    PREFIXES.put("mock", new Spec("mock", null, false, false));
    compatible("groq", "https://api.groq.com/openai/v1");
    compatible("deepseek", "https://api.deepseek.com/v1");
    compatible("together_ai", "https://api.together.xyz/v1");
    compatible("fireworks_ai", "https://api.fireworks.ai/inference/v1");
    compatible("mistral", "https://api.mistral.ai/v1");
    compatible("openrouter", "https://openrouter.ai/api/v1");
    compatible("xai", "https://api.x.ai/v1");
    compatible("perplexity", "https://api.perplexity.ai");
    compatible("deepinfra", "https://api.deepinfra.com/v1/openai");
    compatible("cerebras", "https://api.cerebras.ai/v1");
    PREFIXES.put("hosted_vllm", new Spec("openai-compatible", null, true, false));
    PREFIXES.put("openai_compatible", new Spec("openai-compatible", null, true, false));
    PREFIXES.put("custom_openai", new Spec("openai-compatible", null, true, false));
    PREFIXES.put("ollama", new Spec("openai-compatible", "http://localhost:11434", false, true));
    PREFIXES.put(
        "ollama_chat", new Spec("openai-compatible", "http://localhost:11434", false, true));
  }

  private static final Spec NO_PREFIX = Objects.requireNonNull(PREFIXES.get("openai"));

  private LiteLlmPrefix() {}

  private static void compatible(String prefix, String base) {
    PREFIXES.put(prefix, new Spec("openai-compatible", base, false, false));
  }

  /** The supported prefixes, in documentation order. */
  static List<String> names() {
    return List.copyOf(PREFIXES.keySet());
  }

  /** The spec of {@code prefix}, or null when unknown. */
  static @Nullable Spec spec(String prefix) {
    return PREFIXES.get(prefix);
  }

  /**
   * Splits {@code model} at its first {@code /}; a model without one is an OpenAI model. Returns
   * null for an unknown prefix.
   */
  static @Nullable Target resolve(String model) {
    int slash = model.indexOf('/');
    if (slash < 0) {
      return new Target("", NO_PREFIX, model);
    }
    String prefix = model.substring(0, slash);
    Spec spec = PREFIXES.get(prefix);
    return spec == null ? null : new Target(prefix, spec, model.substring(slash + 1));
  }
}
