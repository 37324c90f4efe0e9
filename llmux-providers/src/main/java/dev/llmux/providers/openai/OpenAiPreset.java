package dev.llmux.providers.openai;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One OpenAI-compatible vendor served by the OpenAI wire under its own provider type: its default
 * base URL, whether it needs a key, its LiteLLM prefixes and the request parameters it refuses.
 * Authentication is always {@code Authorization: Bearer <api_key>}.
 *
 * @param type the provider type ({@code groq})
 * @param vendor the vendor's name, for messages and documentation
 * @param litellmPrefixes the LiteLLM model prefixes that mean this type
 * @param defaultBaseUrl the base URL (prefix of {@code /chat/completions}) used when {@code
 *     base_url} is not set, or {@code null} when {@code base_url} is required
 * @param keyRequired whether {@code api_key} is required (local servers do not need one)
 * @param appendV1 whether a {@code base_url} that does not end in {@code /v1} gets it appended
 *     (Ollama: LiteLLM configurations give the server root)
 * @param streamUsage the default of the {@code stream_usage} setting (ask for a usage chunk with
 *     {@code stream_options}); false for upstreams that refuse {@code stream_options}
 * @param nativeCompletions whether legacy {@code /completions} is sent natively (else the router
 *     maps completions onto chat)
 * @param rules the parameters the upstream refuses
 * @param renames parameters the upstream spells differently (OpenAI name to upstream name)
 * @param checked where the base URL and rules were checked, for the documentation table
 */
record OpenAiPreset(
    String type,
    String vendor,
    List<String> litellmPrefixes,
    String defaultBaseUrl,
    boolean keyRequired,
    boolean appendV1,
    boolean streamUsage,
    boolean nativeCompletions,
    List<ParamRule> rules,
    Map<String, String> renames,
    String checked) {

  OpenAiPreset {
    Objects.requireNonNull(type, "type");
    litellmPrefixes = List.copyOf(litellmPrefixes);
    rules = List.copyOf(rules);
    renames = Map.copyOf(renames);
  }
}
