package dev.llmux.core.internal.config;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmux.api.Json;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Entry;
import dev.llmux.core.internal.config.YamlTree.MapNode;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.config.YamlTree.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds LLMux's own sections, {@code providers}, {@code routing} and {@code cache}, into a {@link
 * ConfigDraft} ({@code aliases} is bound by the draft itself).
 */
final class LlmuxShapeBinder {

  private static final ObjectMapper JSON = Json.mapper();
  private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};

  private static final List<String> PROVIDER_KEYS =
      List.of("name", "type", "api_key", "base_url", "models", "enabled", "settings");

  private static final List<String> MODEL_KEYS =
      List.of(
          "name",
          "model",
          "id",
          "weight",
          "rpm",
          "tpm",
          "order",
          "tags",
          "timeout",
          "connect_timeout",
          "first_chunk_timeout",
          "max_input_tokens",
          "max_output_tokens",
          "input_cost_per_token",
          "output_cost_per_token",
          "max_retries");

  private static final List<String> ROUTING_KEYS =
      List.of(
          "strategy",
          "fallback_enabled",
          "retry_count",
          "retry_policy",
          "fallbacks",
          "context_window_fallbacks",
          "content_policy_fallbacks",
          "max_fallbacks",
          "cooldown_time",
          "allowed_fails",
          "failure_threshold",
          "failure_min_calls",
          "failure_window",
          "timeout",
          "connect_timeout",
          "first_chunk_timeout",
          "retry_after_max",
          "backoff_initial",
          "backoff_max",
          "tag_filtering",
          "distributed");

  /** {@code routing.strategy: tag-based}: the default strategy among the deployments that match. */
  static final String TAG_BASED = "tag-based";

  private static final List<String> CACHE_KEYS =
      List.of("enabled", "type", "ttl", "namespace", "max_entries", "max_bytes", "mode");

  private final Reader r;
  private final ConfigDraft d;

  LlmuxShapeBinder(Reader r, ConfigDraft draft) {
    this.r = r;
    this.d = draft;
  }

  // ---------------------------------------------------------------- providers

  /**
   * Like {@link Reader#section}, but an unknown key of a type whose factory is not on the class
   * path says so (the key is probably that type's setting).
   */
  private Section section(MapNode map, String path, String type, List<String> known) {
    if (!ProviderSettings.known(type)) {
      for (Entry e : map.entries().values()) {
        if (!known.contains(e.key())) {
          throw r.error(
              e.keyLine(),
              "unknown key '"
                  + e.key()
                  + "' in "
                  + path
                  + ": provider type '"
                  + type
                  + "' is not on the class path (available: "
                  + String.join(", ", ProviderSettings.types())
                  + "), so only "
                  + String.join(", ", known)
                  + " are known; add the module that provides it, or put its settings under"
                  + " 'settings'");
        }
      }
    }
    return r.section(map, path, known);
  }

  void providers(Node node) {
    List<Node> items = r.list(node, ConfigBinder.PROVIDERS);
    for (int i = 0; i < items.size(); i++) {
      provider(items.get(i), ConfigBinder.PROVIDERS + "[" + i + "]");
    }
  }

  private void provider(Node node, String path) {
    if (!(node instanceof MapNode map)) {
      throw r.error(node.line(), "expected a mapping for " + path + ", got " + node.kind());
    }
    Entry typeEntry = map.entries().get("type");
    if (typeEntry == null) {
      throw r.error(
          map.line(),
          "missing key 'type' in "
              + path
              + " (one of "
              + String.join(", ", ProviderSettings.types())
              + ")");
    }
    String type = r.requiredString(typeEntry.value(), path + ".type");
    // The typed keys are the settings the type's ProviderFactory describes; a free-form `settings`
    // map is always accepted too (for a factory that describes none, or a type whose jar is not on
    // the class path, which the router then reports with the available types).
    // A setting named like a provider key (mock's `models`) is reachable through `settings` only.
    List<ProviderSetting> described =
        ProviderSettings.of(type).stream().filter(p -> !PROVIDER_KEYS.contains(p.name())).toList();
    List<String> known = new ArrayList<>(PROVIDER_KEYS);
    for (ProviderSetting ps : described) {
      known.add(ps.name());
    }
    Section s = section(map, path, type, known);
    String name = s.requiredString("name");
    boolean enabled = true;
    if (s.has("enabled")) {
      // Empty (null or "") counts as false, so `enabled: ${KEY:+true}` works when KEY is unset.
      Node en = s.present("enabled");
      boolean empty =
          en instanceof Scalar sc
              && (sc.isNull()
                  || (sc.token() == JsonToken.VALUE_STRING
                      && Objects.requireNonNull(r.string(sc, s.what("enabled"))).isBlank()));
      // not empty: not a YAML null, so bool() returns a value or throws
      enabled = !empty && Objects.requireNonNull(r.bool(en, s.what("enabled")));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    if (s.has("settings")) {
      JsonNode raw = YamlTree.toJson(s.present("settings"));
      if (!raw.isObject()) {
        throw r.error(s.line("settings"), "expected a mapping for " + s.what("settings"));
      }
      settings.putAll(JSON.convertValue(raw, MAP_TYPE));
    }
    for (ProviderSetting ps : described) {
      if (s.has(ps.name())) {
        if (settings.containsKey(ps.name())) {
          throw r.error(
              s.line(ps.name()),
              s.what(ps.name()) + " is also given in " + s.what("settings") + "; keep one");
        }
        Object v = ProviderSettings.read(r, ps, s.present(ps.name()), s.what(ps.name()));
        if (v != null) {
          settings.put(ps.name(), v);
        }
      }
    }
    ProviderConfig provider =
        new ProviderConfig(name, type, s.string("api_key"), s.string("base_url"), settings);
    List<DeploymentConfig> models = new ArrayList<>();
    List<Integer> modelLines = new ArrayList<>();
    if (s.has("models")) {
      List<Node> items = r.list(s.present("models"), s.what("models"));
      for (int i = 0; i < items.size(); i++) {
        models.add(model(items.get(i), s.what("models") + "[" + i + "]", name));
        modelLines.add(items.get(i).line());
      }
    }
    if (!enabled) {
      return;
    }
    d.addProvider(provider, s.line("name"), "");
    for (int i = 0; i < models.size(); i++) {
      d.addDeployment(models.get(i), modelLines.get(i));
    }
  }

  private DeploymentConfig model(Node node, String path, String providerName) {
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
          throw r.error(
              s.present("model").line(),
              "wildcard " + s.what("model") + " '" + model + "' needs a wildcard model group name");
        }
        model = null;
      }
    } else {
      model = group.indexOf('*') >= 0 ? null : group;
    }
    String id =
        s.has("id") ? s.requiredString("id") : providerName + "/" + (model != null ? model : group);
    List<String> tags = s.strings("tags");
    return new DeploymentConfig(
        id,
        group,
        providerName,
        model,
        SharedReads.weight(r, s),
        s.int32("rpm", 0),
        s.int32("tpm", 0),
        s.int32("order", 0),
        tags == null ? List.of() : tags,
        s.duration("timeout"),
        s.duration("connect_timeout"),
        s.duration("first_chunk_timeout"),
        s.int32("max_input_tokens", 0),
        s.int32("max_output_tokens", 0),
        s.number("input_cost_per_token", 0, Double.MAX_VALUE),
        s.number("output_cost_per_token", 0, Double.MAX_VALUE),
        s.int32("max_retries", 0));
  }

  // ---------------------------------------------------------------- routing

  void routing(Node node) {
    Section s = r.section(node, ConfigBinder.ROUTING, ROUTING_KEYS);
    // Any strategy name: a registered custom strategy is checked when the router is built.
    String strategy = s.has("strategy") ? s.requiredString("strategy") : null;
    boolean tagBased = TAG_BASED.equals(strategy);
    if (tagBased) {
      strategy = RoutingConfig.STRATEGIES.get(0); // tag filtering + the default strategy
    }
    d.set(
        s,
        "strategy",
        "routing.strategy",
        strategy == null ? null : LiteLlmTranslator.STRATEGIES.getOrDefault(strategy, strategy),
        d.routing::strategy);
    RoutingConfig.TagMatch match = SharedReads.tagMatch(r, s, "tag_filtering");
    if (tagBased && match == RoutingConfig.TagMatch.OFF) {
      throw r.error(
          s.line("tag_filtering"),
          "routing.strategy tag-based filters deployments by tags; routing.tag_filtering: off"
              + " contradicts it (use any or all, or another strategy)");
    }
    if (tagBased && match == null) {
      d.set(s, "strategy", "routing.tagMatch", RoutingConfig.TagMatch.ANY, d.routing::tagMatch);
    } else {
      d.set(s, "tag_filtering", "routing.tagMatch", match, d.routing::tagMatch);
    }
    d.set(s, "distributed", "routing.distributed", s.bool("distributed"), d.routing::distributed);
    d.set(
        s, "fallback_enabled", "fallback.enabled", s.bool("fallback_enabled"), d.fallback::enabled);
    d.set(s, "retry_count", "retry.numRetries", s.int32("retry_count", 0), d.retry::numRetries);
    d.set(
        s,
        "retry_policy",
        "retry.retryPolicy",
        SharedReads.retryPolicy(r, s, "retry_policy"),
        d.retry::retryPolicy);
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
    d.set(
        s,
        "max_fallbacks",
        "fallback.maxFallbacks",
        s.int32("max_fallbacks", 0),
        d.fallback::maxFallbacks);
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
    d.set(
        s,
        "failure_threshold",
        "cooldown.failureThreshold",
        s.number("failure_threshold", 0, 1),
        d.cooldown::failureThreshold);
    d.set(
        s,
        "failure_min_calls",
        "cooldown.failureMinCalls",
        s.int32("failure_min_calls", 0),
        d.cooldown::failureMinCalls);
    d.set(
        s,
        "failure_window",
        "cooldown.failureWindow",
        s.duration("failure_window"),
        d.cooldown::failureWindow);
    d.set(s, "timeout", "timeouts.timeout", s.duration("timeout"), d.timeouts::timeout);
    d.set(
        s,
        "connect_timeout",
        "timeouts.connectTimeout",
        s.duration("connect_timeout"),
        d.timeouts::connectTimeout);
    d.set(
        s,
        "first_chunk_timeout",
        "timeouts.firstChunkTimeout",
        s.duration("first_chunk_timeout"),
        d.timeouts::firstChunkTimeout);
    d.set(
        s,
        "retry_after_max",
        "retry.retryAfterMax",
        s.duration("retry_after_max"),
        d.retry::retryAfterMax);
    d.set(
        s,
        "backoff_initial",
        "retry.backoffInitial",
        s.duration("backoff_initial"),
        d.retry::backoffInitial);
    d.set(s, "backoff_max", "retry.backoffMax", s.duration("backoff_max"), d.retry::backoffMax);
  }

  // ---------------------------------------------------------------- cache

  void cache(Node node, int line) {
    if (d.litellmCacheLine > 0) {
      throw r.error(
          line,
          "the cache is configured both in cache and in litellm_settings (line "
              + d.litellmCacheLine
              + "); keep one");
    }
    Section s = r.section(node, ConfigBinder.CACHE, CACHE_KEYS);
    CacheConfig.Builder b = CacheConfig.custom();
    if (s.has("type")) {
      String type = s.requiredString("type");
      if (!CacheConfig.TYPES.contains(type)) {
        throw r.error(
            s.present("type").line(),
            "unknown cache type '"
                + type
                + "' in cache.type (known: "
                + String.join(", ", CacheConfig.TYPES)
                + ")");
      }
      b.type(type);
    }
    if (s.has("mode")) {
      String mode = s.requiredString("mode");
      if (!CacheConfig.MODES.contains(mode)) {
        throw r.error(
            s.present("mode").line(),
            "unknown cache mode '"
                + mode
                + "' in cache.mode (known: "
                + String.join(", ", CacheConfig.MODES)
                + ")");
      }
      b.mode(mode);
    }
    Boolean enabled = s.bool("enabled");
    if (enabled != null) {
      b.enabled(enabled);
    }
    Duration ttl = s.duration("ttl");
    if (ttl != null) {
      d.apply(s, "ttl", () -> b.ttl(ttl));
    }
    Long maxEntries = s.int64("max_entries", 0);
    if (maxEntries != null) {
      b.maxEntries(maxEntries);
    }
    Long maxBytes = s.size("max_bytes");
    if (maxBytes != null) {
      b.maxBytes(maxBytes);
    }
    b.namespace(s.string("namespace"));
    d.cache = b.build();
  }
}
