package dev.llmux.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.DeploymentConfig;
import dev.llmux.core.config.DeploymentMode;
import dev.llmux.core.config.FallbackConfig;
import dev.llmux.core.config.GovernanceSettings;
import dev.llmux.core.config.MetricsConfig;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.config.TimeoutConfig;
import dev.llmux.core.config.TracingConfig;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Entry;
import dev.llmux.core.internal.config.YamlTree.MapNode;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.config.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the binders of both shapes have collected so far: providers, deployments and aliases (each
 * checked for duplicates), and the builders of the config objects, with where each setting was
 * given so that a setting given twice fails with both lines.
 */
final class ConfigDraft {

  final RoutingConfig.Builder routing = RoutingConfig.custom();
  final RetryConfig.Builder retry = RetryConfig.custom();
  final FallbackConfig.Builder fallback = FallbackConfig.custom();
  final CooldownConfig.Builder cooldown = CooldownConfig.custom();
  final TimeoutConfig.Builder timeouts = TimeoutConfig.custom();

  /**
   * The cache settings, and the line of LiteLLM's cache settings (0: none) to refuse both shapes.
   */
  CacheConfig cache = CacheConfig.ofDefaults();

  int litellmCacheLine;

  /** The service sections ({@code deployment}, {@code metrics}, {@code tracing}). */
  DeploymentMode deploymentMode = DeploymentMode.STANDALONE;

  MetricsConfig metrics = MetricsConfig.ofDefaults();
  TracingConfig tracing = TracingConfig.ofDefaults();

  private final Reader r;
  private final List<ProviderConfig> providers = new ArrayList<>();
  private final Map<String, Integer> providerLines = new HashMap<>();
  private final List<DeploymentConfig> deployments = new ArrayList<>();
  private final Map<String, Integer> deploymentLines = new HashMap<>();
  private final Map<String, String> aliases = new LinkedHashMap<>();
  private final Map<String, Integer> aliasLines = new HashMap<>();
  private final Map<String, Origin> origins = new HashMap<>();

  /** Where a setting was given. */
  private record Origin(String section, String key, int line) {}

  ConfigDraft(Reader r) {
    this.r = r;
  }

  /**
   * Applies a setting read from {@code s.key}, unless {@code value} is null (absent or YAML null).
   *
   * @param setting the setting's identity across shapes ({@code retry.numRetries})
   * @param apply the builder setter
   */
  <T> void set(Section s, String key, String setting, @Nullable T value, Consumer<T> apply) {
    if (value == null) {
      return;
    }
    Origin prior = origins.get(setting);
    int line = s.line(key);
    // router_settings silently override litellm_settings (as LiteLLM's Router arguments override
    // its globals); any other setting given twice is an error.
    if (prior != null
        && !(prior.section().equals(ConfigBinder.LITELLM_SETTINGS)
            && s.path.equals(ConfigBinder.ROUTER_SETTINGS))) {
      throw r.error(
          Math.max(line, prior.line()),
          s.path
              + "."
              + key
              + " (line "
              + line
              + ") and "
              + prior.section()
              + "."
              + prior.key()
              + " (line "
              + prior.line()
              + ") set the same thing; keep one");
    }
    origins.put(setting, new Origin(s.path, key, line));
    apply(s, key, () -> apply.accept(value));
  }

  /** Runs a builder setter for {@code s.key}, turning its rejection into an error at the line. */
  void apply(Section s, String key, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw r.error(s.line(key), s.what(key) + ": " + e.getMessage());
    }
  }

  void addProvider(ProviderConfig p, int line, String hint) {
    Integer first = providerLines.putIfAbsent(p.name(), line);
    if (first != null) {
      throw r.error(
          line, "duplicate provider name '" + p.name() + "' (first on line " + first + ")" + hint);
    }
    providers.add(p);
  }

  void addDeployment(DeploymentConfig d, int line) {
    Integer first = deploymentLines.putIfAbsent(d.id(), line);
    if (first != null) {
      throw r.error(
          line,
          "duplicate deployment id '"
              + d.id()
              + "' (first on line "
              + first
              + "); give one of them an explicit id");
    }
    deployments.add(d);
  }

  /** LLMux's {@code aliases} or LiteLLM's {@code model_group_alias}: one alias table. */
  void aliases(Node node, String what) {
    if (node instanceof Scalar sc && sc.isNull()) {
      return;
    }
    if (!(node instanceof MapNode m)) {
      throw r.error(
          node.line(),
          "expected a mapping {alias: model group} for " + what + ", got " + node.kind());
    }
    for (Entry e : m.entries().values()) {
      if (e.key() == null || e.key().isBlank()) {
        throw r.error(e.keyLine(), "empty alias name in " + what);
      }
      String target = r.requiredString(e.value(), what + "." + e.key());
      Integer prior = aliasLines.get(e.key());
      if (prior != null) {
        throw r.error(
            Math.max(prior, e.keyLine()),
            "alias '"
                + e.key()
                + "' is defined twice (first on line "
                + Math.min(prior, e.keyLine())
                + ")");
      }
      aliasLines.put(e.key(), e.keyLine());
      aliases.put(e.key(), target);
    }
  }

  /** The configuration; fails when a deployment names a provider that is not configured. */
  RouterConfig build(Map<String, JsonNode> extensions, GovernanceSettings governance) {
    for (DeploymentConfig d : deployments) {
      if (!providerLines.containsKey(d.provider())) {
        throw r.error(
            Objects.requireNonNull(deploymentLines.get(d.id())), // every deployment has its line
            "deployment '"
                + d.id()
                + "' names provider '"
                + d.provider()
                + "', which is not configured");
      }
    }
    RetryConfig retryConfig;
    try {
      retryConfig = retry.build();
    } catch (IllegalArgumentException e) {
      throw r.error(lastLine("retry."), "invalid retry settings: " + e.getMessage());
    }
    return RouterConfig.custom()
        .providers(providers)
        .deployments(deployments)
        .aliases(aliases)
        .routing(routing.build())
        .retry(retryConfig)
        .fallback(fallback.build())
        .cooldown(cooldown.build())
        .timeouts(timeouts.build())
        .cache(cache)
        .governance(governance)
        .deploymentMode(deploymentMode)
        .metrics(metrics)
        .tracing(tracing)
        .extensions(extensions)
        .build();
  }

  private int lastLine(String settingPrefix) {
    int line = 0;
    for (Map.Entry<String, Origin> e : origins.entrySet()) {
      if (e.getKey().startsWith(settingPrefix)) {
        line = Math.max(line, e.getValue().line());
      }
    }
    return line;
  }
}
