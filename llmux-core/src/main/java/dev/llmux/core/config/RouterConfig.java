package dev.llmux.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.spi.ProviderConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a configuration file declares: provider instances, deployments, aliases, routing and
 * cache settings, plus the raw sections other modules registered (see
 * {@link ConfigLoader#load(java.nio.file.Path, java.util.Set)}). Immutable; maps keep file order.
 *
 * @param providers one entry per provider instance, names unique
 * @param deployments every deployment, ids unique, each naming a provider of {@code providers}
 * @param aliases alias to model group name
 * @param routing routing and reliability settings
 * @param cache response cache settings
 * @param extensions registered top-level sections, unvalidated, by section name
 * @param governance budgets and rate limits ({@code budgets}, {@code limits}, {@code governance})
 */
public record RouterConfig(
    List<ProviderConfig> providers,
    List<DeploymentConfig> deployments,
    Map<String, String> aliases,
    RoutingConfig routing,
    CacheConfig cache,
    Map<String, JsonNode> extensions,
    GovernanceSettings governance) {

  /** A configuration without budgets and rate limits. */
  public RouterConfig(List<ProviderConfig> providers, List<DeploymentConfig> deployments,
      Map<String, String> aliases, RoutingConfig routing, CacheConfig cache, Map<String, JsonNode> extensions) {
    this(providers, deployments, aliases, routing, cache, extensions, GovernanceSettings.none());
  }

  /** Copies the collections; {@code routing}, {@code cache} and {@code governance} default when null. */
  public RouterConfig {
    providers = providers == null ? List.of() : List.copyOf(providers);
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    aliases = aliases == null || aliases.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    routing = routing == null ? RoutingConfig.defaults() : routing;
    cache = cache == null ? CacheConfig.defaults() : cache;
    extensions = extensions == null || extensions.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    governance = governance == null ? GovernanceSettings.none() : governance;
    aliases.forEach((k, v) -> Objects.requireNonNull(v, "alias target"));
  }

  /** No providers, no deployments, default routing and cache. */
  public static RouterConfig empty() {
    return new RouterConfig(List.of(), List.of(), Map.of(), RoutingConfig.defaults(),
        CacheConfig.defaults(), Map.of());
  }

  /** The provider instance named {@code name}, or null. */
  public ProviderConfig provider(String name) {
    for (ProviderConfig p : providers) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
