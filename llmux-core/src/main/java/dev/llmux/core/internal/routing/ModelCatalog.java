package dev.llmux.core.internal.routing;

import dev.llmux.api.error.NotFoundException;
import dev.llmux.api.spi.Provider;
import dev.llmux.core.Deployment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of what the router can serve: provider instances, deployments by model
 * group, wildcard groups and aliases. The router swaps whole snapshots when deployments change, so
 * a request sees one consistent view.
 *
 * <p>Resolution order for a requested model: an exact model group; an alias; the longest matching
 * wildcard group ({@code openai/*}, then {@code *}); finally {@code provider-name/model}, which
 * addresses one provider instance directly. Anything else is {@link NotFoundException}.
 */
public final class ModelCatalog {
  /** A model group resolved for one request, with its deployments (wildcards made concrete). */
  public record Group(String name, List<Deployment> deployments) {}

  private static final int MAX_DERIVED = 10_000;

  private final Map<String, Provider> providers;
  private final Map<String, Group> groups;
  private final List<Group> wildcards;
  private final Map<String, String> aliases;
  private final Map<String, Group> derived = new ConcurrentHashMap<>();

  public ModelCatalog(
      Map<String, Provider> providers, List<Deployment> deployments, Map<String, String> aliases) {
    this.providers = Map.copyOf(providers);
    Map<String, List<Deployment>> byGroup = new LinkedHashMap<>();
    Map<String, Deployment> byId = new LinkedHashMap<>();
    for (Deployment d : deployments) {
      if (!providers.containsKey(d.provider())) {
        throw new IllegalArgumentException(
            "deployment "
                + d.id()
                + " names provider '"
                + d.provider()
                + "', which is not configured");
      }
      if (byId.putIfAbsent(d.id(), d) != null) {
        throw new IllegalArgumentException("duplicate deployment id '" + d.id() + "'");
      }
      byGroup.computeIfAbsent(d.modelGroup(), k -> new ArrayList<>()).add(d);
    }
    Map<String, Group> exact = new LinkedHashMap<>();
    List<Group> wild = new ArrayList<>();
    byGroup.forEach(
        (name, list) -> {
          Group g = new Group(name, List.copyOf(list));
          if (name.endsWith("*")) {
            wild.add(g);
          } else {
            exact.put(name, g);
          }
        });
    wild.sort(Comparator.comparingInt((Group g) -> g.name().length()).reversed());
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (exact.containsKey(a.getKey())) {
        throw new IllegalArgumentException(
            "alias '" + a.getKey() + "' hides the model group of the same name");
      }
    }
    // insertion order is configuration order, which model listings keep
    this.groups = java.util.Collections.unmodifiableMap(exact);
    this.wildcards = List.copyOf(wild);
    this.aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
  }

  public @Nullable Provider provider(String name) {
    return providers.get(name);
  }

  public Map<String, Provider> providers() {
    return providers;
  }

  /** Every configured deployment, wildcards included. */
  public List<Deployment> deployments() {
    List<Deployment> out = new ArrayList<>();
    groups.values().forEach(g -> out.addAll(g.deployments()));
    wildcards.forEach(g -> out.addAll(g.deployments()));
    return out;
  }

  public Map<String, String> aliases() {
    return aliases;
  }

  /** The names callers may ask for: groups and aliases (wildcards are patterns, not listed). */
  public List<String> modelNames() {
    List<String> names = new ArrayList<>(groups.keySet());
    names.addAll(aliases.keySet());
    return names;
  }

  /** Whether {@code name} is an exact group (not an alias or wildcard). */
  boolean hasGroup(String name) {
    return groups.containsKey(name);
  }

  public Group resolve(@Nullable String model) {
    if (model == null || model.isBlank()) {
      throw new NotFoundException("model is required", "model_not_found");
    }
    Group g = groups.get(model);
    if (g != null) {
      return g;
    }
    String target = aliases.get(model);
    if (target != null) {
      Group aliased = groups.get(target);
      if (aliased != null) {
        return aliased;
      }
      model = target;
    }
    Group d = derived.get(model);
    if (d != null) {
      return d;
    }
    Group made = derive(model);
    if (made == null) {
      throw NotFoundException.model(model);
    }
    if (derived.size() < MAX_DERIVED) {
      derived.putIfAbsent(model, made);
    }
    return made;
  }

  private @Nullable Group derive(String model) {
    for (Group w : wildcards) {
      String prefix = w.name().substring(0, w.name().length() - 1);
      if (model.startsWith(prefix) && model.length() > prefix.length()) {
        String suffix = model.substring(prefix.length());
        List<Deployment> concrete = new ArrayList<>(w.deployments().size());
        for (Deployment base : w.deployments()) {
          String upstream = base.model() != null ? base.model() : suffix;
          concrete.add(base.toBuilder().model(upstream).id(base.id() + "[" + suffix + "]").build());
        }
        return new Group(w.name(), List.copyOf(concrete));
      }
    }
    int slash = model.indexOf('/');
    if (slash > 0 && slash < model.length() - 1) {
      String providerName = model.substring(0, slash);
      if (providers.containsKey(providerName)) {
        String upstream = model.substring(slash + 1);
        Deployment direct =
            Deployment.builder(model, providerName).model(upstream).id(model).build();
        return new Group(model, List.of(direct));
      }
    }
    return null;
  }
}
