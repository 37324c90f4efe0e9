package dev.llmux.core.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.core.config.GovernanceSettings;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Entry;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.config.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns configuration text into a {@link RouterConfig}: interpolates {@code ${...}}, reads the YAML
 * tree, and hands each top-level section to the binder of its shape ({@link LlmuxShapeBinder},
 * {@link LiteLlmTranslator}, {@link GovernanceBinder}), which all fill one {@link ConfigDraft}.
 * Internal: use {@code dev.llmux.core.config.ConfigLoader}.
 */
public final class ConfigBinder {

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
  static final String DEPLOYMENT = "deployment";
  static final String METRICS = "metrics";
  static final String TRACING = "tracing";

  /** The top-level sections of the configuration itself (both shapes). */
  public static final List<String> TOP_LEVEL =
      List.of(
          PROVIDERS,
          ROUTING,
          CACHE,
          ALIASES,
          MODEL_LIST,
          ROUTER_SETTINGS,
          LITELLM_SETTINGS,
          BUDGETS,
          LIMITS,
          GOVERNANCE,
          DEPLOYMENT,
          METRICS,
          TRACING);

  private ConfigBinder() {}

  /**
   * Parses and binds configuration text.
   *
   * @param extensionSections top-level sections returned raw; none of {@link #TOP_LEVEL}
   * @throws dev.llmux.core.config.ConfigException when the text is invalid
   */
  public static RouterConfig parse(
      String yaml, String source, Set<String> extensionSections, Map<String, String> env) {
    String text = new Interpolator(source, env).apply(yaml);
    Node root = YamlTree.read(text, source);
    if (root instanceof Scalar s && s.isNull()) {
      return RouterConfig.empty();
    }
    return bind(new Reader(source, env), root, extensionSections);
  }

  private static RouterConfig bind(Reader r, Node root, Set<String> extensionSections) {
    List<String> known = new ArrayList<>(TOP_LEVEL);
    known.addAll(extensionSections);
    Section top = r.section(root, "the top level", known);
    ConfigDraft draft = new ConfigDraft(r);
    LlmuxShapeBinder llmux = new LlmuxShapeBinder(r, draft);
    LiteLlmTranslator litellm = new LiteLlmTranslator(r, draft);
    Map<String, JsonNode> extensions = new LinkedHashMap<>();
    if (top.has(LITELLM_SETTINGS)) {
      litellm.deploymentDefaults(top.present(LITELLM_SETTINGS));
    }
    for (Entry e : top.map.entries().values()) {
      String key = e.key();
      if (extensionSections.contains(key)) {
        extensions.put(key, YamlTree.toJson(e.value()));
      } else if (key.equals(PROVIDERS)) {
        llmux.providers(e.value());
      } else if (key.equals(MODEL_LIST)) {
        litellm.modelList(e.value());
      }
    }
    // litellm_settings first: router_settings override it, as LiteLLM's Router arguments do.
    if (top.has(LITELLM_SETTINGS)) {
      litellm.litellmSettings(top.present(LITELLM_SETTINGS));
    }
    if (top.has(ROUTER_SETTINGS)) {
      litellm.routerSettings(top.present(ROUTER_SETTINGS));
    }
    if (top.has(ROUTING)) {
      llmux.routing(top.present(ROUTING));
    }
    if (top.has(ALIASES)) {
      draft.aliases(top.present(ALIASES), ALIASES);
    }
    if (top.has(CACHE)) {
      llmux.cache(top.present(CACHE), top.line(CACHE));
    }
    ServiceSectionsBinder service = new ServiceSectionsBinder(r, draft);
    if (top.has(DEPLOYMENT)) {
      service.deployment(top.present(DEPLOYMENT));
    }
    if (top.has(METRICS)) {
      service.metrics(top.present(METRICS));
    }
    if (top.has(TRACING)) {
      service.tracing(top.present(TRACING));
    }
    GovernanceSettings governance =
        GovernanceBinder.bind(
            r,
            top.has(BUDGETS) ? top.node(BUDGETS) : null,
            top.has(LIMITS) ? top.node(LIMITS) : null,
            top.has(GOVERNANCE)
                ? r.section(top.present(GOVERNANCE), GOVERNANCE, GovernanceBinder.SETTINGS_KEYS)
                : null);
    return draft.build(extensions, governance);
  }
}
