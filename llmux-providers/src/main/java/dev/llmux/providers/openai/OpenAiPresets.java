package dev.llmux.providers.openai;

import static dev.llmux.providers.openai.ParamRule.only;
import static dev.llmux.providers.openai.ParamRule.refused;
import static dev.llmux.providers.openai.ParamRule.refusedFor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of OpenAI-compatible vendors LLMux knows by name. Each is a provider type of its own
 * ({@code type: groq}), served by the OpenAI wire with the vendor's defaults and quirks. {@code
 * docs/providers.md} documents this table; {@code OpenAiPresetsTest} keeps the two in step.
 *
 * <p>Rules are only those the vendor documents as refused (an HTTP 400 or 422), or that LiteLLM's
 * own configuration for the vendor strips; parameters a vendor silently ignores are not listed.
 */
final class OpenAiPresets {
  private OpenAiPresets() {}

  private static final Map<String, OpenAiPreset> BY_TYPE = new LinkedHashMap<>();

  static {
    add(
        new OpenAiPreset(
            "groq",
            "Groq",
            List.of("groq"),
            "https://api.groq.com/openai/v1",
            true,
            false,
            true,
            false,
            List.of(
                refused("logprobs"),
                refused("logit_bias"),
                refused("top_logprobs"),
                refused("messages[].name"),
                only("n", 1)),
            Map.of(),
            "console.groq.com/docs/openai (base URL; fields that answer 400)"));
    add(
        new OpenAiPreset(
            "deepseek",
            "DeepSeek",
            List.of("deepseek"),
            "https://api.deepseek.com",
            true,
            false,
            true,
            false,
            List.of(
                refusedFor("logprobs", "deepseek-reasoner"),
                refusedFor("top_logprobs", "deepseek-reasoner")),
            Map.of(),
            "api-docs.deepseek.com (base URL; deepseek-reasoner errors on logprobs / top_logprobs"
                + " and ignores sampling parameters); LiteLLM uses https://api.deepseek.com/beta"));
    add(
        preset(
            "together_ai",
            "Together AI",
            "https://api.together.xyz/v1",
            true,
            "LiteLLM (TOGETHER_AI_API_BASE default); docs.together.ai"));
    add(
        preset(
            "fireworks_ai",
            "Fireworks AI",
            "https://api.fireworks.ai/inference/v1",
            true,
            "LiteLLM FireworksAIConfig; docs.fireworks.ai"));
    add(
        new OpenAiPreset(
            "mistral",
            "Mistral AI",
            List.of("mistral"),
            "https://api.mistral.ai/v1",
            true,
            false,
            false,
            false,
            List.of(
                refused("logit_bias"),
                refused("logprobs"),
                refused("top_logprobs"),
                refused("user"),
                refused("service_tier"),
                refused("store")),
            Map.of("seed", "random_seed", "max_completion_tokens", "max_tokens"),
            "docs.mistral.ai (base URL); refused fields and renames from LiteLLM's MistralConfig"
                + " (Mistral answers 422 extra_forbidden to unknown fields), not re-checked against"
                + " Mistral's OpenAPI file"));
    add(
        preset(
            "openrouter",
            "OpenRouter",
            "https://openrouter.ai/api/v1",
            true,
            "openrouter.ai/docs; LiteLLM"));
    add(preset("xai", "xAI", "https://api.x.ai/v1", false, "docs.x.ai; LiteLLM XAI_API_BASE"));
    add(
        preset(
            "perplexity",
            "Perplexity",
            "https://api.perplexity.ai",
            false,
            "docs.perplexity.ai (OpenAI compatibility: no /v1 in the base URL)"));
    add(
        preset(
            "deepinfra",
            "DeepInfra",
            "https://api.deepinfra.com/v1/openai",
            true,
            "LiteLLM openai_compatible_endpoints"));
    add(
        new OpenAiPreset(
            "cerebras",
            "Cerebras",
            List.of("cerebras"),
            "https://api.cerebras.ai/v1",
            true,
            false,
            true,
            false,
            List.of(
                refused("frequency_penalty"),
                refused("logit_bias"),
                refused("presence_penalty"),
                refused("parallel_tool_calls"),
                refused("service_tier")),
            Map.of(),
            "inference-docs.cerebras.ai/resources/openai (base URL; fields that answer 400,"
                + " as quoted by two third-party guides)"));
    add(
        preset(
            "siliconflow",
            "SiliconFlow",
            "https://api.siliconflow.com/v1",
            false,
            "siliconflow.com quick start (global); China accounts use https://api.siliconflow.cn/v1"
                + " (docs.siliconflow.cn)"));
    add(
        preset(
            "sambanova",
            "SambaNova",
            "https://api.sambanova.ai/v1",
            false,
            "LiteLLM; docs.sambanova.ai (refused fields not documented)"));
    add(
        preset(
            "hyperbolic",
            "Hyperbolic",
            "https://api.hyperbolic.xyz/v1",
            true,
            "LiteLLM openai_compatible_endpoints"));
    add(
        preset(
            "novita",
            "Novita AI",
            "https://api.novita.ai/openai",
            true,
            "novita.ai docs / Pipecat default; LiteLLM uses the older https://api.novita.ai/v3/openai"));
    add(
        preset(
            "nvidia_nim",
            "NVIDIA NIM",
            "https://integrate.api.nvidia.com/v1",
            false,
            "LiteLLM NVIDIA_NIM_API_BASE default"));
    add(
        new OpenAiPreset(
            "moonshot",
            "Moonshot AI (Kimi)",
            List.of("moonshot"),
            "https://api.moonshot.ai/v1",
            true,
            false,
            true,
            true,
            List.of(),
            Map.of("max_completion_tokens", "max_tokens"),
            "LiteLLM MoonshotChatConfig (international); China accounts use https://api.moonshot.cn/v1"));
    add(
        preset(
            "dashscope",
            "Alibaba Cloud Model Studio (DashScope, Qwen)",
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
            true,
            "LiteLLM openai_compatible_endpoints (international); China: "
                + "https://dashscope.aliyuncs.com/compatible-mode/v1"));
    add(
        preset(
            "volcengine",
            "Volcano Engine Ark (Doubao)",
            "https://ark.cn-beijing.volces.com/api/v3",
            false,
            "LiteLLM VOLCENGINE_API_BASE default"));
    add(
        new OpenAiPreset(
            "lm_studio",
            "LM Studio",
            List.of("lm_studio"),
            "http://localhost:1234/v1",
            false,
            false,
            true,
            true,
            List.of(),
            Map.of(),
            "LM Studio's default server port 1234"));
    add(
        new OpenAiPreset(
            "ollama",
            "Ollama",
            List.of("ollama", "ollama_chat"),
            "http://localhost:11434/v1",
            false,
            true,
            true,
            true,
            List.of(),
            Map.of(),
            "Ollama OpenAI compatibility docs (http://localhost:11434/v1/; unsupported fields are ignored)"));
    add(
        new OpenAiPreset(
            "vllm",
            "vLLM",
            List.of("hosted_vllm"),
            null,
            false,
            false,
            true,
            true,
            List.of(),
            Map.of(),
            "vLLM OpenAI-compatible server; no default (base_url required, like LiteLLM's hosted_vllm)"));
    add(
        new OpenAiPreset(
            "huggingface",
            "Hugging Face Inference Providers",
            List.of("huggingface"),
            "https://router.huggingface.co/v1",
            true,
            false,
            true,
            false,
            List.of(),
            Map.of(),
            "huggingface.co changelog (OpenAI-compatible router); model ids may carry a :provider suffix"));
    add(
        new OpenAiPreset(
            "github",
            "GitHub Models",
            List.of("github"),
            "https://models.github.ai/inference",
            true,
            false,
            true,
            false,
            List.of(),
            Map.of(),
            "docs.github.com/en/github-models/quickstart; LiteLLM still defaults to the retired"
                + " https://models.inference.ai.azure.com"));
    add(
        new OpenAiPreset(
            "cohere",
            "Cohere (Compatibility API)",
            List.of("cohere", "cohere_chat"),
            "https://api.cohere.ai/compatibility/v1",
            true,
            false,
            true,
            false,
            List.of(),
            Map.of(),
            "docs.cohere.com/docs/compatibility-api (base URL); the list of refused fields could not be"
                + " verified"));
  }

  private static OpenAiPreset preset(
      String type, String vendor, String base, boolean completions, String checked) {
    return new OpenAiPreset(
        type,
        vendor,
        List.of(type),
        base,
        true,
        false,
        true,
        completions,
        List.of(),
        Map.of(),
        checked);
  }

  private static void add(OpenAiPreset p) {
    if (BY_TYPE.put(p.type(), p) != null) {
      throw new IllegalStateException("duplicate preset " + p.type());
    }
  }

  /** Every preset, in documentation order. */
  static List<OpenAiPreset> all() {
    return List.copyOf(BY_TYPE.values());
  }

  /** The preset of {@code type}; fails for an unknown one (a bug: factories name known types). */
  static OpenAiPreset get(String type) {
    OpenAiPreset p = BY_TYPE.get(type);
    if (p == null) {
      throw new IllegalStateException("no preset " + type);
    }
    return p;
  }
}
