package dev.llmux.core.internal.routing;

import dev.llmux.api.error.LlmException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which model groups to fall back to when a group failed: context-window and content-policy
 * fallbacks for those errors (else the generic ones), the generic ones for any other error, {@code
 * *} for any group; none after a plain bad request. Looked up by group, then by the requested name
 * (an alias).
 */
public final class Fallbacks {
  private final RouterSettings settings;

  public Fallbacks(RouterSettings settings) {
    this.settings = settings;
  }

  /**
   * The fallback groups, in order, for {@code group} (asked for as {@code requestedModel}) failing
   * with {@code e}.
   */
  public List<String> after(String group, String requestedModel, LlmException e) {
    switch (ErrorClass.of(e)) {
      case BAD_REQUEST:
        return List.of();
      case CONTEXT_WINDOW:
        {
          List<String> l = lookup(settings.contextWindowFallbacks(), group, requestedModel);
          return l != null ? l : generic(group, requestedModel);
        }
      case CONTENT_POLICY:
        {
          List<String> l = lookup(settings.contentPolicyFallbacks(), group, requestedModel);
          return l != null ? l : generic(group, requestedModel);
        }
      default:
        return generic(group, requestedModel);
    }
  }

  private List<String> generic(String group, String requestedModel) {
    List<String> l = lookup(settings.fallbacks(), group, requestedModel);
    if (l == null) {
      l = settings.fallbacks().get("*");
    }
    return l == null ? List.of() : l;
  }

  private static @Nullable List<String> lookup(
      Map<String, List<String>> map, String group, String requested) {
    List<String> l = map.get(group);
    return l != null ? l : map.get(requested);
  }
}
