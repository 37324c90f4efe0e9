package dev.llmux.core.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.config.Reader.Section;
import dev.llmux.core.config.YamlTree.Entry;
import dev.llmux.core.config.YamlTree.ListNode;
import dev.llmux.core.config.YamlTree.MapNode;
import dev.llmux.core.config.YamlTree.Node;
import dev.llmux.core.config.YamlTree.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a parsed configuration tree (LLMux's {@code providers}/{@code routing}/{@code cache} shape,
 * LiteLLM's {@code model_list}/{@code router_settings}/{@code litellm_settings} shape, or both) to a
 * {@link RouterConfig}, validating every key and value.
 */
final class Binder {

  static final String PROVIDERS = "providers";
  static final String ROUTING = "routing";
  static final String CACHE = "cache";
  static final String ALIASES = "aliases";
  static final String MODEL_LIST = "model_list";
  static final String ROUTER_SETTINGS = "router_settings";
  static final String LITELLM_SETTINGS = "litellm_settings";
  static final String BUDGETS = "budgets";
  static final String LIMITS = "limits";
  static final String GOVERNANCE = "governance";

  static final List<String> TOP_LEVEL = List.of(
      PROVIDERS, ROUTING, CACHE, ALIASES, MODEL_LIST, ROUTER_SETTINGS, LITELLM_SETTINGS, BUDGETS, LIMITS,
      GOVERNANCE);

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = dev.llmux.api.Json.mapper();
  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP_TYPE =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private static final List<String> PROVIDER_KEYS =
      List.of("name", "type", "api_key", "base_url", "models", "enabled");

  private static final List<String> MODEL_KEYS = List.of("name", "model", "id", "weight", "rpm",
      "tpm", "order", "tags", "timeout", "connect_timeout", "first_chunk_timeout",
      "max_input_tokens", "max_output_tokens", "input_cost_per_token", "output_cost_per_token",
      "max_retries");

  private static final List<String> ROUTING_KEYS = List.of("strategy", "fallback_enabled",
      "retry_count", "retry_policy", "fallbacks", "context_window_fallbacks",
      "content_policy_fallbacks", "max_fallbacks", "cooldown_time", "allowed_fails",
      "failure_threshold", "failure_min_calls", "failure_window", "timeout", "connect_timeout",
      "first_chunk_timeout", "retry_after_max", "backoff_initial", "backoff_max");

  private static final List<String> CACHE_KEYS =
      List.of("enabled", "type", "ttl", "namespace", "max_entries", "max_bytes", "mode");

  private static final List<String> MODEL_LIST_KEYS =
      List.of("model_name", "litellm_params", "model_info");

  private static final List<String> LITELLM_PARAMS_KEYS = List.of("model", "api_key", "api_base",
      "api_version", "rpm", "tpm", "weight", "order", "timeout", "stream_timeout", "max_retries",
      "tags", "input_cost_per_token", "output_cost_per_token", "organization", "extra_headers");

  private static final List<String> MODEL_INFO_KEYS = List.of("id", "max_input_tokens",
      "max_output_tokens", "input_cost_per_token", "output_cost_per_token", "base_model", "mode");

  private static final List<String> ROUTER_SETTINGS_KEYS = List.of("routing_strategy",
      "num_retries", "timeout", "stream_timeout", "cooldown_time", "allowed_fails", "fallbacks",
      "context_window_fallbacks", "content_policy_fallbacks", "max_fallbacks",
      "model_group_alias", "retry_policy", "enable_pre_call_checks");

  private static final List<String> LITELLM_SETTINGS_KEYS = List.of("num_retries",
      "request_timeout", "fallbacks", "context_window_fallbacks", "content_policy_fallbacks",
      "cache", "cache_params");

  private static final List<String> LITELLM_CACHE_PARAMS_KEYS =
      List.of("type", "ttl", "namespace", "mode");

  /** LiteLLM cache modes mapped to LLMux's. */
  private static final Map<String, String> LITELLM_CACHE_MODES =
      Map.of("default_on", "default-on", "default_off", "opt-in");

  /** LiteLLM routing strategy names mapped to the canonical ones. */
  private static final Map<String, String> LITELLM_STRATEGIES = Map.of(
      "usage-based-routing", "lowest-tpm-rpm",
      "usage-based-routing-v2", "lowest-tpm-rpm",
      "latency-based-routing", "lowest-latency",
      "cost-based-routing", "lowest-cost");

  /** LiteLLM {@code RetryPolicy} field names mapped to the canonical error classes. */
  private static final Map<String, String> LITELLM_RETRY_KEYS = Map.of(
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

  private final Reader r;
  private final Set<String> extensionSections;

  private final List<ProviderConfig> providers = new ArrayList<>();
  private final Map<String, Integer> providerLines = new HashMap<>();
  private final List<DeploymentConfig> deployments = new ArrayList<>();
  private final Map<String, Integer> deploymentLines = new HashMap<>();
  private final Map<String, String> aliases = new LinkedHashMap<>();
  private final Map<String, Integer> aliasLines = new HashMap<>();
  private final Map<String, Integer> groupCounts = new HashMap<>();
  private final Map<String, Slot> routing = new HashMap<>();
  private CacheConfig cache = CacheConfig.defaults();
  private int litellmCacheLine;

  /** A routing value with where it was set, to detect settings given twice. */
  private record Slot(Object value, String key, String section, int line) {}

  Binder(String source, Map<String, String> env, Set<String> extensionSections) {
    this.r = new Reader(source, env);
    this.extensionSections = extensionSections;
  }

  RouterConfig bind(Node root) {
    if (root instanceof Scalar s && s.isNull()) {
      return RouterConfig.empty();
    }
    List<String> known = new ArrayList<>(TOP_LEVEL);
    known.addAll(extensionSections);
    Section top = r.section(root, "the top level", known);
    Map<String, JsonNode> extensions = new LinkedHashMap<>();
    for (Entry e : top.map.entries().values()) {
      String key = e.key();
      if (extensionSections.contains(key)) {
        extensions.put(key, YamlTree.toJson(e.value()));
      } else if (key.equals(PROVIDERS)) {
        bindProviders(e.value());
      } else if (key.equals(MODEL_LIST)) {
        bindModelList(e.value());
      }
    }
    // litellm_settings first: router_settings override it, as LiteLLM's Router arguments do.
    if (top.has(LITELLM_SETTINGS)) {
      bindLitellmSettings(r.section(top.node(LITELLM_SETTINGS), LITELLM_SETTINGS,
          LITELLM_SETTINGS_KEYS));
    }
    if (top.has(ROUTER_SETTINGS)) {
      bindRouterSettings(r.section(top.node(ROUTER_SETTINGS), ROUTER_SETTINGS,
          ROUTER_SETTINGS_KEYS));
    }
    if (top.has(ROUTING)) {
      bindRouting(r.section(top.node(ROUTING), ROUTING, ROUTING_KEYS));
    }
    if (top.has(ALIASES)) {
      bindAliases(top.node(ALIASES), ALIASES);
    }
    if (top.has(CACHE)) {
      if (litellmCacheLine > 0) {
        throw r.error(top.line(CACHE), "the cache is configured both in cache and in "
            + "litellm_settings (line " + litellmCacheLine + "); keep one");
      }
      bindCache(r.section(top.node(CACHE), CACHE, CACHE_KEYS));
    }
    GovernanceSettings governance = GovernanceBinder.bind(r, top.has(BUDGETS) ? top.node(BUDGETS) : null,
        top.has(LIMITS) ? top.node(LIMITS) : null,
        top.has(GOVERNANCE) ? r.section(top.node(GOVERNANCE), GOVERNANCE, GovernanceBinder.SETTINGS_KEYS) : null);
    for (DeploymentConfig d : deployments) {
      if (!providerLines.containsKey(d.provider())) {
        throw r.error(deploymentLines.get(d.id()), "deployment '" + d.id()
            + "' names provider '" + d.provider() + "', which is not configured");
      }
    }
    return new RouterConfig(providers, deployments, aliases, buildRouting(), cache, extensions, governance);
  }

  // ---------------------------------------------------------------- LLMux shape: providers

  private void bindProviders(Node node) {
    List<Node> items = r.list(node, PROVIDERS);
    for (int i = 0; i < items.size(); i++) {
      bindProvider(items.get(i), PROVIDERS + "[" + i + "]");
    }
  }

  private void bindProvider(Node node, String path) {
    if (!(node instanceof MapNode map)) {
      throw r.error(node.line(), "expected a mapping for " + path + ", got " + node.kind());
    }
    Entry typeEntry = map.entries().get("type");
    if (typeEntry == null) {
      throw r.error(map.line(), "missing key 'type' in " + path + " (one of "
          + String.join(", ", ProviderSettings.TYPES) + ")");
    }
    String type = r.requiredString(typeEntry.value(), path + ".type");
    // A type LLMux does not bundle comes from a third-party ProviderFactory on the class path: its
    // settings go in a free-form `settings` map that the provider itself validates; the router
    // names the available types when none matches.
    boolean bundled = ProviderSettings.TYPES.contains(type);
    List<String> known = new ArrayList<>(PROVIDER_KEYS);
    known.addAll(bundled ? ProviderSettings.keys(type) : List.of("settings"));
    Section s = r.section(map, path, known);
    String name = s.requiredString("name");
    boolean enabled = true;
    if (s.has("enabled")) {
      // Empty (null or "") counts as false, so `enabled: ${KEY:+true}` works when KEY is unset.
      Node en = s.node("enabled");
      boolean empty = en instanceof Scalar sc && (sc.isNull()
          || (sc.token() == JsonToken.VALUE_STRING && r.string(sc, s.what("enabled")).isBlank()));
      enabled = !empty && r.bool(en, s.what("enabled"));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    if (!bundled) {
      if (s.has("settings")) {
        JsonNode raw = YamlTree.toJson(s.node("settings"));
        if (!raw.isObject()) {
          throw r.error(s.line("settings"), "expected a mapping for " + s.what("settings"));
        }
        settings.putAll(JSON.convertValue(raw, MAP_TYPE));
      }
    } else {
      for (String key : ProviderSettings.keys(type)) {
        if (s.has(key)) {
          Object v = ProviderSettings.read(r, type, key, s.node(key), s.what(key));
          if (v != null) {
            settings.put(key, v);
          }
        }
      }
    }
    ProviderConfig provider =
        new ProviderConfig(name, type, s.string("api_key"), s.string("base_url"), settings);
    List<DeploymentConfig> models = new ArrayList<>();
    List<Integer> modelLines = new ArrayList<>();
    if (s.has("models")) {
      List<Node> items = r.list(s.node("models"), s.what("models"));
      for (int i = 0; i < items.size(); i++) {
        models.add(bindModel(items.get(i), s.what("models") + "[" + i + "]", name));
        modelLines.add(items.get(i).line());
      }
    }
    if (!enabled) {
      return;
    }
    addProvider(provider, s.line("name"), "");
    for (int i = 0; i < models.size(); i++) {
      addDeployment(models.get(i), modelLines.get(i));
    }
  }

  private DeploymentConfig bindModel(Node node, String path, String providerName) {
    if (node instanceof Scalar sc) {
      String group = r.requiredString(sc, path);
      String model = group.indexOf('*') >= 0 ? null : group;
      return DeploymentConfig.of(providerName + "/" + group, group, providerName, model);
    }
    Section s = r.section(node, path, MODEL_KEYS);
    String group = s.requiredString("name");
    String model;
    if (s.has("model")) {
      model = s.requiredString("model");
      if (model.indexOf('*') >= 0) {
        if (group.indexOf('*') < 0) {
          throw r.error(s.node("model").line(), "wildcard " + s.what("model") + " '" + model
              + "' needs a wildcard model group name");
        }
        model = null;
      }
    } else {
      model = group.indexOf('*') >= 0 ? null : group;
    }
    String id = s.has("id") ? s.requiredString("id")
        : providerName + "/" + (model != null ? model : group);
    return new DeploymentConfig(id, group, providerName, model, weight(s),
        s.int32("rpm", 0), s.int32("tpm", 0), s.int32("order", 0),
        s.strings("tags"), s.duration("timeout"), s.duration("connect_timeout"),
        s.duration("first_chunk_timeout"), s.int32("max_input_tokens", 0),
        s.int32("max_output_tokens", 0), s.number("input_cost_per_token", 0, Double.MAX_VALUE),
        s.number("output_cost_per_token", 0, Double.MAX_VALUE), s.int32("max_retries", 0));
  }

  private Double weight(Section s) {
    Double w = s.number("weight", 0, Double.MAX_VALUE);
    if (w != null && w == 0) {
      throw r.error(s.node("weight").line(), s.what("weight") + " must be > 0 (use enabled: false "
          + "or remove the deployment to take it out of rotation)");
    }
    return w;
  }

  // ---------------------------------------------------------------- LiteLLM shape: model_list

  private void bindModelList(Node node) {
    List<Node> items = r.list(node, MODEL_LIST);
    for (int i = 0; i < items.size(); i++) {
      bindModelListEntry(items.get(i), MODEL_LIST + "[" + i + "]");
    }
  }

  private void bindModelListEntry(Node node, String path) {
    Section s = r.section(node, path, MODEL_LIST_KEYS);
    String group = s.requiredString("model_name");
    int n = groupCounts.merge(group, 1, Integer::sum);
    if (!s.has("litellm_params")) {
      throw r.error(s.map.line(), "missing key 'litellm_params' in " + path);
    }
    Section lp = r.section(s.node("litellm_params"), s.what("litellm_params"), LITELLM_PARAMS_KEYS);
    Section mi = r.section(s.has("model_info") ? s.node("model_info")
        : new Scalar(s.map.line(), JsonToken.VALUE_NULL, null),
        s.what("model_info"), MODEL_INFO_KEYS);
    mi.string("base_model");
    mi.string("mode");

    String modelText = lp.requiredString("model");
    Node modelNode = lp.node("model");
    LiteLlmPrefix.Target target = LiteLlmPrefix.resolve(modelText);
    if (target == null) {
      throw r.error(modelNode.line(), "unknown provider prefix in " + lp.what("model") + " '"
          + modelText + "' (supported: " + String.join(", ", LiteLlmPrefix.names()) + ")");
    }
    String upstream = target.model();
    if (upstream.isEmpty()) {
      throw r.error(modelNode.line(), lp.what("model") + " '" + modelText
          + "' names no upstream model");
    }
    if (upstream.indexOf('*') >= 0) {
      if (group.indexOf('*') < 0) {
        throw r.error(modelNode.line(), "wildcard " + lp.what("model") + " '" + modelText
            + "' needs a wildcard model_name (such as '" + target.prefix() + "/*')");
      }
      upstream = null;
    }
    String id = mi.has("id") ? mi.requiredString("id") : group + "#" + n;

    String baseUrl = lp.string("api_base");
    if (baseUrl == null) {
      if (target.spec().baseRequired()) {
        throw r.error(modelNode.line(), "provider prefix '" + target.prefix()
            + "/' needs litellm_params.api_base in " + path);
      }
      baseUrl = target.spec().defaultBase();
    }
    if (baseUrl != null && target.spec().appendV1()) {
      String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      baseUrl = b.endsWith("/v1") ? b : b + "/v1";
    }
    String type = target.spec().type();
    Map<String, Object> settings = new LinkedHashMap<>();
    litellmSetting(lp, type, "api_version", "api_version", settings);
    litellmSetting(lp, type, "organization", "organization", settings);
    litellmSetting(lp, type, "extra_headers", "headers", settings);

    Double inCost = cost(lp, mi, "input_cost_per_token");
    Double outCost = cost(lp, mi, "output_cost_per_token");
    DeploymentConfig d = new DeploymentConfig(id, group, id, upstream, weight(lp),
        lp.int32("rpm", 0), lp.int32("tpm", 0), lp.int32("order", 0), lp.strings("tags"),
        lp.duration("timeout"), null, lp.duration("stream_timeout"),
        mi.int32("max_input_tokens", 0), mi.int32("max_output_tokens", 0), inCost, outCost,
        lp.int32("max_retries", 0));
    int line = s.line("model_name");
    addDeployment(d, line);
    addProvider(new ProviderConfig(id, type, lp.string("api_key"), baseUrl, settings), line,
        "; each model_list entry creates a provider named after its deployment id");
  }

  private void litellmSetting(
      Section lp, String type, String litellmKey, String key, Map<String, Object> settings) {
    if (!lp.has(litellmKey)) {
      return;
    }
    if (!ProviderSettings.keys(type).contains(key)) {
      throw r.error(lp.line(litellmKey), lp.what(litellmKey) + " is not supported by provider "
          + "type '" + type + "' (supported there: " + String.join(", ", ProviderSettings.keys(type))
          + ")");
    }
    Object v = ProviderSettings.read(r, type, key, lp.node(litellmKey), lp.what(litellmKey));
    if (v != null) {
      settings.put(key, v);
    }
  }

  private Double cost(Section lp, Section mi, String key) {
    Double a = lp.number(key, 0, Double.MAX_VALUE);
    Double b = mi.number(key, 0, Double.MAX_VALUE);
    if (a != null && b != null && !a.equals(b)) {
      throw r.error(mi.line(key), key + " differs between litellm_params (" + a
          + ") and model_info (" + b + ")");
    }
    return a != null ? a : b;
  }

  // ---------------------------------------------------------------- routing

  private void bindRouting(Section s) {
    String sec = ROUTING;
    if (s.has("strategy")) {
      set("strategy", strategy(s, "strategy"), "strategy", sec, s.line("strategy"));
    }
    setIf(s, "fallback_enabled", "fallbackEnabled", s.bool("fallback_enabled"));
    setIf(s, "retry_count", "numRetries", s.int32("retry_count", 0));
    if (s.has("retry_policy")) {
      set("retryPolicy", retryPolicy(s.node("retry_policy"), s.what("retry_policy")),
          "retry_policy", sec, s.line("retry_policy"));
    }
    fallbacksInto(s, "fallbacks", "fallbacks");
    fallbacksInto(s, "context_window_fallbacks", "contextWindowFallbacks");
    fallbacksInto(s, "content_policy_fallbacks", "contentPolicyFallbacks");
    setIf(s, "max_fallbacks", "maxFallbacks", s.int32("max_fallbacks", 0));
    setIf(s, "cooldown_time", "cooldownTime", s.duration("cooldown_time"));
    setIf(s, "allowed_fails", "allowedFails", s.int32("allowed_fails", 0));
    setIf(s, "failure_threshold", "failureThreshold", s.number("failure_threshold", 0, 1));
    setIf(s, "failure_min_calls", "failureMinCalls", s.int32("failure_min_calls", 0));
    setIf(s, "failure_window", "failureWindow", s.duration("failure_window"));
    setIf(s, "timeout", "timeout", s.duration("timeout"));
    setIf(s, "connect_timeout", "connectTimeout", s.duration("connect_timeout"));
    setIf(s, "first_chunk_timeout", "firstChunkTimeout", s.duration("first_chunk_timeout"));
    setIf(s, "retry_after_max", "retryAfterMax", s.duration("retry_after_max"));
    setIf(s, "backoff_initial", "backoffInitial", s.duration("backoff_initial"));
    setIf(s, "backoff_max", "backoffMax", s.duration("backoff_max"));
  }

  private void bindRouterSettings(Section s) {
    if (s.has("routing_strategy")) {
      set("strategy", strategy(s, "routing_strategy"), "routing_strategy", ROUTER_SETTINGS,
          s.line("routing_strategy"));
    }
    setIf(s, "num_retries", "numRetries", s.int32("num_retries", 0));
    setIf(s, "timeout", "timeout", s.duration("timeout"));
    setIf(s, "stream_timeout", "firstChunkTimeout", s.duration("stream_timeout"));
    setIf(s, "cooldown_time", "cooldownTime", s.duration("cooldown_time"));
    setIf(s, "allowed_fails", "allowedFails", s.int32("allowed_fails", 0));
    fallbacksInto(s, "fallbacks", "fallbacks");
    fallbacksInto(s, "context_window_fallbacks", "contextWindowFallbacks");
    fallbacksInto(s, "content_policy_fallbacks", "contentPolicyFallbacks");
    setIf(s, "max_fallbacks", "maxFallbacks", s.int32("max_fallbacks", 0));
    if (s.has("retry_policy")) {
      set("retryPolicy", retryPolicy(s.node("retry_policy"), s.what("retry_policy")),
          "retry_policy", ROUTER_SETTINGS, s.line("retry_policy"));
    }
    if (s.has("model_group_alias")) {
      bindAliases(s.node("model_group_alias"), s.what("model_group_alias"));
    }
    // Pre-call checks (context window, rpm/tpm) always run in LLMux; the key is accepted.
    s.bool("enable_pre_call_checks");
  }

  private void bindLitellmSettings(Section s) {
    setIf(s, "num_retries", "numRetries", s.int32("num_retries", 0));
    setIf(s, "request_timeout", "timeout", s.duration("request_timeout"));
    fallbacksInto(s, "fallbacks", "fallbacks");
    fallbacksInto(s, "context_window_fallbacks", "contextWindowFallbacks");
    fallbacksInto(s, "content_policy_fallbacks", "contentPolicyFallbacks");
    if (s.has("cache") || s.has("cache_params")) {
      bindLitellmCache(s);
    }
  }

  /** LiteLLM's {@code cache: true} plus {@code cache_params: {type, ttl, namespace, mode}}. */
  private void bindLitellmCache(Section s) {
    litellmCacheLine = s.has("cache") ? s.line("cache") : s.line("cache_params");
    CacheConfig d = CacheConfig.defaults();
    Boolean enabled = s.bool("cache");
    Section p = r.section(s.has("cache_params") ? s.node("cache_params")
        : new Scalar(s.map.line(), JsonToken.VALUE_NULL, null), s.what("cache_params"),
        LITELLM_CACHE_PARAMS_KEYS);
    String type = p.has("type") ? p.requiredString("type") : d.type();
    if (!type.equals("local") && !type.equals("redis")) {
      throw r.error(p.node("type").line(), "unsupported cache type '" + type + "' in "
          + p.what("type") + " (LLMux supports local and redis)");
    }
    String mode = d.mode();
    if (p.has("mode")) {
      String m = p.requiredString("mode");
      mode = LITELLM_CACHE_MODES.get(m);
      if (mode == null) {
        throw r.error(p.node("mode").line(), "unknown cache mode '" + m + "' in " + p.what("mode")
            + " (known: default_on, default_off)");
      }
    }
    Duration ttl = p.duration("ttl");
    cache = new CacheConfig(enabled == null ? d.enabled() : enabled, type,
        ttl == null ? d.ttl() : ttl, p.string("namespace"), d.maxEntries(), d.maxBytes(), mode);
  }

  private String strategy(Section s, String key) {
    String name = s.requiredString(key);
    String canonical = LITELLM_STRATEGIES.getOrDefault(name, name);
    if (!RoutingConfig.STRATEGIES.contains(canonical)) {
      throw r.error(s.node(key).line(), "unknown routing strategy '" + name + "' in " + s.what(key)
          + " (known: " + String.join(", ", RoutingConfig.STRATEGIES) + "; LiteLLM names: "
          + String.join(", ", LITELLM_STRATEGIES.keySet().stream().sorted().toList()) + ")");
    }
    return canonical;
  }

  private Map<String, Integer> retryPolicy(Node node, String what) {
    if (node instanceof Scalar sc && sc.isNull()) {
      return Map.of();
    }
    if (!(node instanceof MapNode m)) {
      throw r.error(node.line(), "expected a mapping for " + what + ", got " + node.kind());
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    for (Entry e : m.entries().values()) {
      String key = LITELLM_RETRY_KEYS.getOrDefault(e.key(), e.key());
      if (!RoutingConfig.RETRY_POLICY_KEYS.contains(key)) {
        throw r.error(e.keyLine(), "unknown key '" + e.key() + "' in " + what + " (known: "
            + String.join(", ", RoutingConfig.RETRY_POLICY_KEYS) + ", or LiteLLM's "
            + String.join(", ", LITELLM_RETRY_KEYS.keySet().stream().sorted().toList()) + ")");
      }
      if (lines.containsKey(key)) {
        throw r.error(e.keyLine(), "retry policy for '" + key + "' given twice in " + what
            + " (first on line " + lines.get(key) + ")");
      }
      lines.put(key, e.keyLine());
      Integer v = r.int32(e.value(), what + "." + e.key(), 0);
      if (v == null) {
        throw r.error(e.value().line(), what + "." + e.key() + " needs a number of retries");
      }
      out.put(key, v);
    }
    return out;
  }

  private void fallbacksInto(Section s, String key, String field) {
    if (!s.has(key)) {
      return;
    }
    Node node = s.node(key);
    String what = s.what(key);
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    List<MapNode> maps = new ArrayList<>();
    if (node instanceof MapNode m) {
      maps.add(m);
    } else if (node instanceof ListNode l) {
      for (Node item : l.items()) {
        if (!(item instanceof MapNode m)) {
          throw r.error(item.line(), "expected a mapping {group: [fallback, ...]} in " + what
              + ", got " + item.kind());
        }
        maps.add(m);
      }
    } else if (!(node instanceof Scalar sc && sc.isNull())) {
      throw r.error(node.line(), "expected {group: [fallback, ...]} or a list of such mappings "
          + "for " + what + ", got " + node.kind());
    }
    for (MapNode m : maps) {
      for (Entry e : m.entries().values()) {
        if (e.key() == null || e.key().isBlank()) {
          throw r.error(e.keyLine(), "empty model group name in " + what);
        }
        if (lines.containsKey(e.key())) {
          throw r.error(e.keyLine(), "fallbacks for '" + e.key() + "' given twice in " + what
              + " (first on line " + lines.get(e.key()) + ")");
        }
        lines.put(e.key(), e.keyLine());
        out.put(e.key(), r.strings(e.value(), what + "." + e.key()));
      }
    }
    set(field, out, key, s.path, s.line(key));
  }

  private void setIf(Section s, String key, String field, Object value) {
    if (value != null) {
      set(field, value, key, s.path, s.line(key));
    }
  }

  /**
   * Records a routing value. {@code router_settings} silently overrides {@code litellm_settings}
   * (as LiteLLM's Router arguments override its globals); any other double setting is an error.
   */
  private void set(String field, Object value, String key, String section, int line) {
    Slot prior = routing.get(field);
    if (prior != null && !(prior.section().equals(LITELLM_SETTINGS)
        && section.equals(ROUTER_SETTINGS))) {
      throw r.error(Math.max(line, prior.line()), section + "." + key + " (line " + line
          + ") and " + prior.section() + "." + prior.key() + " (line " + prior.line()
          + ") set the same thing; keep one");
    }
    routing.put(field, new Slot(value, key, section, line));
  }

  @SuppressWarnings("unchecked")
  private <T> T get(String field, T fallback) {
    Slot s = routing.get(field);
    return s == null ? fallback : (T) s.value();
  }

  private RoutingConfig buildRouting() {
    RoutingConfig d = RoutingConfig.defaults();
    return new RoutingConfig(
        get("strategy", d.strategy()),
        get("fallbackEnabled", d.fallbackEnabled()),
        get("numRetries", d.numRetries()),
        get("retryPolicy", d.retryPolicy()),
        get("fallbacks", d.fallbacks()),
        get("contextWindowFallbacks", d.contextWindowFallbacks()),
        get("contentPolicyFallbacks", d.contentPolicyFallbacks()),
        get("maxFallbacks", d.maxFallbacks()),
        get("cooldownTime", d.cooldownTime()),
        get("allowedFails", d.allowedFails()),
        get("failureThreshold", d.failureThreshold()),
        get("failureMinCalls", d.failureMinCalls()),
        get("failureWindow", d.failureWindow()),
        get("timeout", d.timeout()),
        get("connectTimeout", d.connectTimeout()),
        get("firstChunkTimeout", d.firstChunkTimeout()),
        get("retryAfterMax", d.retryAfterMax()),
        get("backoffInitial", d.backoffInitial()),
        get("backoffMax", d.backoffMax()));
  }

  // ---------------------------------------------------------------- aliases, cache

  private void bindAliases(Node node, String what) {
    if (node instanceof Scalar sc && sc.isNull()) {
      return;
    }
    if (!(node instanceof MapNode m)) {
      throw r.error(node.line(), "expected a mapping {alias: model group} for " + what + ", got "
          + node.kind());
    }
    for (Entry e : m.entries().values()) {
      if (e.key() == null || e.key().isBlank()) {
        throw r.error(e.keyLine(), "empty alias name in " + what);
      }
      String target = r.requiredString(e.value(), what + "." + e.key());
      Integer prior = aliasLines.get(e.key());
      if (prior != null) {
        throw r.error(Math.max(prior, e.keyLine()), "alias '" + e.key()
            + "' is defined twice (first on line " + Math.min(prior, e.keyLine()) + ")");
      }
      aliasLines.put(e.key(), e.keyLine());
      aliases.put(e.key(), target);
    }
  }

  private void bindCache(Section s) {
    CacheConfig d = CacheConfig.defaults();
    String type = s.has("type") ? s.requiredString("type") : d.type();
    if (!CacheConfig.TYPES.contains(type)) {
      throw r.error(s.node("type").line(), "unknown cache type '" + type + "' in cache.type (known: "
          + String.join(", ", CacheConfig.TYPES) + ")");
    }
    String mode = s.has("mode") ? s.requiredString("mode") : d.mode();
    if (!CacheConfig.MODES.contains(mode)) {
      throw r.error(s.node("mode").line(), "unknown cache mode '" + mode + "' in cache.mode (known: "
          + String.join(", ", CacheConfig.MODES) + ")");
    }
    Boolean enabled = s.bool("enabled");
    Duration ttl = s.duration("ttl");
    Long maxEntries = s.int64("max_entries", 0);
    Long maxBytes = s.size("max_bytes");
    cache = new CacheConfig(enabled == null ? d.enabled() : enabled, type,
        ttl == null ? d.ttl() : ttl, s.string("namespace"),
        maxEntries == null ? d.maxEntries() : maxEntries,
        maxBytes == null ? d.maxBytes() : maxBytes, mode);
  }

  // ---------------------------------------------------------------- registration

  private void addProvider(ProviderConfig p, int line, String hint) {
    Integer first = providerLines.putIfAbsent(p.name(), line);
    if (first != null) {
      throw r.error(line, "duplicate provider name '" + p.name() + "' (first on line " + first
          + ")" + hint);
    }
    providers.add(p);
  }

  private void addDeployment(DeploymentConfig d, int line) {
    Integer first = deploymentLines.putIfAbsent(d.id(), line);
    if (first != null) {
      throw r.error(line, "duplicate deployment id '" + d.id() + "' (first on line " + first
          + "); give one of them an explicit id");
    }
    deployments.add(d);
  }
}
