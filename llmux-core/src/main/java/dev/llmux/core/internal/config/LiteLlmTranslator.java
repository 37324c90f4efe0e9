package dev.llmux.core.internal.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.config.YamlTree.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Translates LiteLLM's vocabulary, {@code model_list}, {@code router_settings} and {@code
 * litellm_settings}, into the same {@link ConfigDraft} as LLMux's own shape, so that a LiteLLM
 * {@code config.yaml} ports over.
 */
final class LiteLlmTranslator {

  /** LiteLLM routing strategy names mapped to the canonical ones. */
  static final Map<String, String> STRATEGIES =
      Map.of(
          "usage-based-routing", "lowest-tpm-rpm",
          "usage-based-routing-v2", "lowest-tpm-rpm",
          "latency-based-routing", "lowest-latency",
          "cost-based-routing", "lowest-cost");

  /** LiteLLM {@code RetryPolicy} field names mapped to the canonical error classes. */
  static final Map<String, String> RETRY_KEYS =
      Map.of(
          "BadRequestErrorRetries", "bad_request",
          "AuthenticationErrorRetries", "authentication",
          "PermissionDeniedErrorRetries", "permission",
          "NotFoundErrorRetries", "not_found",
          "TimeoutErrorRetries", "timeout",
          "RateLimitErrorRetries", "rate_limit",
          "ContentPolicyViolationErrorRetries", "content_policy",
          "ContextWindowExceededErrorRetries", "context_window",
          "InternalServerErrorRetries", "server_error",
          "APIConnectionErrorRetries", "connection");

  /** LiteLLM's Bedrock endpoint override, LLMux's {@code base_url} of a {@code bedrock/} model. */
  private static final String BEDROCK_ENDPOINT = "aws_bedrock_runtime_endpoint";

  /** LiteLLM's switch to drop parameters an upstream refuses (per deployment or global). */
  private static final String DROP_PARAMS = "drop_params";

  private static final List<String> MODEL_LIST_KEYS =
      List.of("model_name", "litellm_params", "model_info");

  /**
   * The {@code litellm_params} keys of every deployment; the provider settings' LiteLLM keys
   * ({@link ProviderSetting#litellmName()}) are read into the provider's settings.
   */
  private static final List<String> LITELLM_PARAMS_KEYS =
      List.of(
          "model",
          "api_key",
          "api_base",
          "rpm",
          "tpm",
          "weight",
          "order",
          "timeout",
          "stream_timeout",
          "max_retries",
          "tags",
          "input_cost_per_token",
          "output_cost_per_token",
          BEDROCK_ENDPOINT);

  /**
   * Settings keys LiteLLM users write often, known even when no factory on the class path describes
   * them, so that using one with a provider that does not take it says so.
   */
  private static final List<String> COMMON_SETTING_KEYS =
      List.of("api_version", "organization", "extra_headers");

  private static final List<String> MODEL_INFO_KEYS =
      List.of(
          "id",
          "max_input_tokens",
          "max_output_tokens",
          "input_cost_per_token",
          "output_cost_per_token",
          "base_model",
          "mode");

  private static final List<String> ROUTER_SETTINGS_KEYS =
      List.of(
          "routing_strategy",
          "num_retries",
          "timeout",
          "stream_timeout",
          "cooldown_time",
          "allowed_fails",
          "fallbacks",
          "context_window_fallbacks",
          "content_policy_fallbacks",
          "max_fallbacks",
          "model_group_alias",
          "retry_policy",
          "enable_pre_call_checks",
          "enable_tag_filtering",
          "tag_filtering_match_any");

  private static final List<String> LITELLM_SETTINGS_KEYS =
      List.of(
          DROP_PARAMS,
          "num_retries",
          "request_timeout",
          "fallbacks",
          "context_window_fallbacks",
          "content_policy_fallbacks",
          "cache",
          "cache_params");

  private static final List<String> CACHE_PARAMS_KEYS = List.of("type", "ttl", "namespace", "mode");

  /** LiteLLM cache modes mapped to LLMux's. */
  private static final Map<String, String> CACHE_MODES =
      Map.of("default_on", "default-on", "default_off", "opt-in");

  private final Reader r;
  private final ConfigDraft draft;

  /** Entries per {@code model_name}, numbering the default deployment ids. */
  private final Map<String, Integer> groupCounts = new HashMap<>();

  /** {@code litellm_settings.drop_params}, the default of every deployment that accepts it. */
  private @Nullable Boolean dropParams;

  LiteLlmTranslator(Reader r, ConfigDraft draft) {
    this.r = r;
    this.draft = draft;
  }

  // ---------------------------------------------------------------- model_list

  /**
   * Reads the {@code litellm_settings} values that are defaults of the {@code model_list} entries
   * ({@code drop_params}); called before {@link #modelList}, the section itself is checked by
   * {@link #litellmSettings}.
   */
  void deploymentDefaults(Node litellmSettings) {
    if (litellmSettings instanceof YamlTree.MapNode m && m.entries().containsKey(DROP_PARAMS)) {
      dropParams =
          r.bool(
              m.entries().get(DROP_PARAMS).value(),
              ConfigBinder.LITELLM_SETTINGS + "." + DROP_PARAMS);
    }
  }

  void modelList(Node node) {
    List<Node> items = r.list(node, ConfigBinder.MODEL_LIST);
    for (int i = 0; i < items.size(); i++) {
      modelListEntry(items.get(i), ConfigBinder.MODEL_LIST + "[" + i + "]");
    }
  }

  private void modelListEntry(Node node, String path) {
    Section s = r.section(node, path, MODEL_LIST_KEYS);
    String group = s.requiredString("model_name");
    int n = groupCounts.merge(group, 1, Integer::sum);
    if (!s.has("litellm_params")) {
      throw r.error(s.map.line(), "missing key 'litellm_params' in " + path);
    }
    Section lp = r.section(s.present("litellm_params"), s.what("litellm_params"), paramsKeys());
    Section mi =
        r.section(
            s.has("model_info")
                ? s.present("model_info")
                : new Scalar(s.map.line(), JsonToken.VALUE_NULL, null),
            s.what("model_info"),
            MODEL_INFO_KEYS);
    mi.string("base_model");
    mi.string("mode");

    String modelText = lp.requiredString("model");
    Node modelNode = lp.present("model");
    LiteLlmPrefix.Target target = LiteLlmPrefix.resolve(modelText);
    if (target == null) {
      throw r.error(
          modelNode.line(),
          "unknown provider prefix in "
              + lp.what("model")
              + " '"
              + modelText
              + "' (supported: "
              + String.join(", ", LiteLlmPrefix.names())
              + ")");
    }
    String upstream = target.model();
    if (upstream.isEmpty()) {
      throw r.error(
          modelNode.line(), lp.what("model") + " '" + modelText + "' names no upstream model");
    }
    if (upstream.indexOf('*') >= 0) {
      if (group.indexOf('*') < 0) {
        throw r.error(
            modelNode.line(),
            "wildcard "
                + lp.what("model")
                + " '"
                + modelText
                + "' needs a wildcard model_name (such as '"
                + target.prefix()
                + "/*')");
      }
      upstream = null;
    }
    String id = mi.has("id") ? mi.requiredString("id") : group + "#" + n;

    String type = target.type();
    String baseUrl = lp.string("api_base");
    if (lp.has(BEDROCK_ENDPOINT)) {
      if (!target.prefix().equals("bedrock")) {
        throw r.error(
            lp.line(BEDROCK_ENDPOINT),
            lp.what(BEDROCK_ENDPOINT) + " applies to bedrock/ models only");
      }
      if (baseUrl != null) {
        throw r.error(
            lp.line(BEDROCK_ENDPOINT),
            lp.what(BEDROCK_ENDPOINT) + " and " + lp.what("api_base") + " both set; keep one");
      }
      baseUrl = lp.string(BEDROCK_ENDPOINT);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    List<ProviderSetting> described = ProviderSettings.of(type);
    for (String key : lp.map.entries().keySet()) {
      if (LITELLM_PARAMS_KEYS.contains(key)) {
        continue;
      }
      ProviderSetting ps = litellmSetting(described, key);
      if (ps == null) {
        List<String> supported = new ArrayList<>();
        for (ProviderSetting d : described) {
          if (d.litellmName() != null) {
            supported.add(d.litellmName());
          }
        }
        throw r.error(
            lp.line(key),
            lp.what(key)
                + " is not supported by provider type '"
                + type
                + "' (supported there: "
                + (supported.isEmpty() ? "none" : String.join(", ", supported))
                + ")");
      }
      Object v = ProviderSettings.read(r, ps, lp.present(key), lp.what(key));
      if (v != null) {
        settings.put(ps.name(), v);
      }
    }
    Boolean drop = dropParams;
    if (drop != null) {
      ProviderSetting ps = litellmSetting(described, DROP_PARAMS);
      if (ps != null) {
        settings.putIfAbsent(ps.name(), drop);
      }
    }

    List<String> tags = lp.strings("tags");
    Double inCost = cost(lp, mi, "input_cost_per_token");
    Double outCost = cost(lp, mi, "output_cost_per_token");
    DeploymentConfig d =
        new DeploymentConfig(
            id,
            group,
            id,
            upstream,
            SharedReads.weight(r, lp),
            lp.int32("rpm", 0),
            lp.int32("tpm", 0),
            lp.int32("order", 0),
            tags == null ? List.of() : tags,
            lp.duration("timeout"),
            null,
            lp.duration("stream_timeout"),
            mi.int32("max_input_tokens", 0),
            mi.int32("max_output_tokens", 0),
            inCost,
            outCost,
            lp.int32("max_retries", 0));
    int line = s.line("model_name");
    draft.addDeployment(d, line);
    draft.addProvider(
        new ProviderConfig(id, type, lp.string("api_key"), baseUrl, settings),
        line,
        "; each model_list entry creates a provider named after its deployment id");
  }

  /** The setting of {@code described} that LiteLLM spells {@code litellmKey}, or null. */
  private static @Nullable ProviderSetting litellmSetting(
      List<ProviderSetting> described, String litellmKey) {
    for (ProviderSetting ps : described) {
      if (litellmKey.equals(ps.litellmName())) {
        return ps;
      }
    }
    return null;
  }

  /** The known {@code litellm_params} keys: the fixed ones and every described LiteLLM key. */
  private static List<String> paramsKeys() {
    List<String> keys = new ArrayList<>(LITELLM_PARAMS_KEYS);
    keys.addAll(COMMON_SETTING_KEYS);
    for (String type : ProviderSettings.types()) {
      for (ProviderSetting ps : ProviderSettings.of(type)) {
        if (ps.litellmName() != null && !keys.contains(ps.litellmName())) {
          keys.add(ps.litellmName());
        }
      }
    }
    return keys;
  }

  private @Nullable Double cost(Section lp, Section mi, String key) {
    Double a = lp.number(key, 0, Double.MAX_VALUE);
    Double b = mi.number(key, 0, Double.MAX_VALUE);
    if (a != null && b != null && !a.equals(b)) {
      throw r.error(
          mi.line(key),
          key + " differs between litellm_params (" + a + ") and model_info (" + b + ")");
    }
    return a != null ? a : b;
  }

  // ---------------------------------------------------------------- router_settings

  void routerSettings(Node node) {
    Section s = r.section(node, ConfigBinder.ROUTER_SETTINGS, ROUTER_SETTINGS_KEYS);
    ConfigDraft d = draft;
    d.set(
        s,
        "routing_strategy",
        "routing.strategy",
        strategy(s, "routing_strategy"),
        d.routing::strategy);
    d.set(s, "num_retries", "retry.numRetries", s.int32("num_retries", 0), d.retry::numRetries);
    d.set(s, "timeout", "timeouts.timeout", s.duration("timeout"), d.timeouts::timeout);
    d.set(
        s,
        "stream_timeout",
        "timeouts.firstChunkTimeout",
        s.duration("stream_timeout"),
        d.timeouts::firstChunkTimeout);
    d.set(
        s,
        "cooldown_time",
        "cooldown.cooldownTime",
        s.duration("cooldown_time"),
        d.cooldown::cooldownTime);
    d.set(
        s,
        "allowed_fails",
        "cooldown.allowedFails",
        s.int32("allowed_fails", 0),
        d.cooldown::allowedFails);
    fallbacks(s);
    d.set(
        s,
        "max_fallbacks",
        "fallback.maxFallbacks",
        s.int32("max_fallbacks", 0),
        d.fallback::maxFallbacks);
    d.set(
        s,
        "retry_policy",
        "retry.retryPolicy",
        SharedReads.retryPolicy(r, s, "retry_policy"),
        d.retry::retryPolicy);
    if (s.has("model_group_alias")) {
      d.aliases(s.present("model_group_alias"), s.what("model_group_alias"));
    }
    // Pre-call checks (context window, rpm/tpm) always run in LLMux; the key is accepted.
    s.bool("enable_pre_call_checks");
    // Tag filtering: on with enable_tag_filtering, any-of unless tag_filtering_match_any is false.
    Boolean tagFiltering = s.bool("enable_tag_filtering");
    Boolean matchAny = s.bool("tag_filtering_match_any");
    if (tagFiltering != null) {
      d.set(
          s,
          "enable_tag_filtering",
          "routing.tagMatch",
          !tagFiltering
              ? RoutingConfig.TagMatch.OFF
              : matchAny == null || matchAny
                  ? RoutingConfig.TagMatch.ANY
                  : RoutingConfig.TagMatch.ALL,
          d.routing::tagMatch);
    }
  }

  // ---------------------------------------------------------------- litellm_settings

  void litellmSettings(Node node) {
    Section s = r.section(node, ConfigBinder.LITELLM_SETTINGS, LITELLM_SETTINGS_KEYS);
    draft.set(
        s, "num_retries", "retry.numRetries", s.int32("num_retries", 0), draft.retry::numRetries);
    draft.set(
        s,
        "request_timeout",
        "timeouts.timeout",
        s.duration("request_timeout"),
        draft.timeouts::timeout);
    fallbacks(s);
    if (s.has("cache") || s.has("cache_params")) {
      cache(s);
    }
  }

  private void fallbacks(Section s) {
    ConfigDraft d = draft;
    d.set(
        s,
        "fallbacks",
        "fallback.fallbacks",
        SharedReads.fallbacks(r, s, "fallbacks"),
        d.fallback::fallbacks);
    d.set(
        s,
        "context_window_fallbacks",
        "fallback.contextWindowFallbacks",
        SharedReads.fallbacks(r, s, "context_window_fallbacks"),
        d.fallback::contextWindowFallbacks);
    d.set(
        s,
        "content_policy_fallbacks",
        "fallback.contentPolicyFallbacks",
        SharedReads.fallbacks(r, s, "content_policy_fallbacks"),
        d.fallback::contentPolicyFallbacks);
  }

  /** LiteLLM's {@code cache: true} plus {@code cache_params: {type, ttl, namespace, mode}}. */
  private void cache(Section s) {
    draft.litellmCacheLine = s.has("cache") ? s.line("cache") : s.line("cache_params");
    CacheConfig.Builder b = CacheConfig.custom();
    Boolean enabled = s.bool("cache");
    Section p =
        r.section(
            s.has("cache_params")
                ? s.present("cache_params")
                : new Scalar(s.map.line(), JsonToken.VALUE_NULL, null),
            s.what("cache_params"),
            CACHE_PARAMS_KEYS);
    if (p.has("type")) {
      String type = p.requiredString("type");
      if (!type.equals("local") && !type.equals("redis")) {
        throw r.error(
            p.present("type").line(),
            "unsupported cache type '"
                + type
                + "' in "
                + p.what("type")
                + " (LLMux supports local and redis)");
      }
      b.type(type);
    }
    if (p.has("mode")) {
      String m = p.requiredString("mode");
      String mode = CACHE_MODES.get(m);
      if (mode == null) {
        throw r.error(
            p.present("mode").line(),
            "unknown cache mode '"
                + m
                + "' in "
                + p.what("mode")
                + " (known: default_on, default_off)");
      }
      b.mode(mode);
    }
    Duration ttl = p.duration("ttl");
    if (ttl != null) {
      draft.apply(p, "ttl", () -> b.ttl(ttl));
    }
    if (enabled != null) {
      b.enabled(enabled);
    }
    draft.cache = b.namespace(p.string("namespace")).build();
  }

  /**
   * LiteLLM's {@code routing_strategy}: one of its names or a canonical one (custom strategies are
   * chosen in LLMux's {@code routing.strategy}); null when absent.
   */
  private @Nullable String strategy(Section s, String key) {
    if (!s.has(key)) {
      return null;
    }
    String name = s.requiredString(key);
    String canonical = STRATEGIES.getOrDefault(name, name);
    if (!RoutingConfig.STRATEGIES.contains(canonical)) {
      throw r.error(
          s.present(key).line(),
          "unknown routing strategy '"
              + name
              + "' in "
              + s.what(key)
              + " (known: "
              + String.join(", ", RoutingConfig.STRATEGIES)
              + "; LiteLLM names: "
              + String.join(", ", STRATEGIES.keySet().stream().sorted().toList())
              + ")");
    }
    return canonical;
  }
}
