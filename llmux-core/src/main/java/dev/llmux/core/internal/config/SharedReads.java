package dev.llmux.core.internal.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.llmux.core.config.RetryConfig;
import dev.llmux.core.config.RoutingConfig;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Entry;
import dev.llmux.core.internal.config.YamlTree.ListNode;
import dev.llmux.core.internal.config.YamlTree.MapNode;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.config.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Values both shapes write the same way: deployment weights, retry policies, fallback maps. */
final class SharedReads {
  private SharedReads() {}

  /** A deployment's {@code weight}: a number > 0, or null when absent. */
  static @Nullable Double weight(Reader r, Section s) {
    Double w = s.number("weight", 0, Double.MAX_VALUE);
    if (w != null && w == 0) {
      throw r.error(
          s.present("weight").line(),
          s.what("weight")
              + " must be > 0 (use enabled: false "
              + "or remove the deployment to take it out of rotation)");
    }
    return w;
  }

  /**
   * Tag filtering: {@code off}, {@code any} or {@code all} (a YAML boolean counts too: {@code
   * false} is off, {@code true} is any, LiteLLM's default); null when {@code key} is absent.
   */
  static RoutingConfig.@Nullable TagMatch tagMatch(Reader r, Section s, String key) {
    Node n = s.node(key);
    if (n == null || (n instanceof Scalar sc && sc.isNull())) {
      return null;
    }
    if (n instanceof Scalar sc
        && (sc.token() == JsonToken.VALUE_TRUE || sc.token() == JsonToken.VALUE_FALSE)) {
      return sc.token() == JsonToken.VALUE_TRUE
          ? RoutingConfig.TagMatch.ANY
          : RoutingConfig.TagMatch.OFF;
    }
    String v = r.requiredString(n, s.what(key));
    switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "off":
      case "false":
        return RoutingConfig.TagMatch.OFF;
      case "any":
      case "true":
        return RoutingConfig.TagMatch.ANY;
      case "all":
        return RoutingConfig.TagMatch.ALL;
      default:
        throw r.error(
            n.line(), "unknown value '" + v + "' for " + s.what(key) + " (known: off, any, all)");
    }
  }

  /**
   * A retry policy keyed by the canonical error classes (LiteLLM's {@code ...ErrorRetries} names
   * accepted), or null when {@code key} is absent.
   */
  static @Nullable Map<String, Integer> retryPolicy(Reader r, Section s, String key) {
    if (!s.has(key)) {
      return null;
    }
    Node node = s.present(key);
    String what = s.what(key);
    if (node instanceof Scalar sc && sc.isNull()) {
      return Map.of();
    }
    if (!(node instanceof MapNode m)) {
      throw r.error(node.line(), "expected a mapping for " + what + ", got " + node.kind());
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    for (Entry e : m.entries().values()) {
      String errorClass = LiteLlmTranslator.RETRY_KEYS.getOrDefault(e.key(), e.key());
      if (!RetryConfig.ERROR_CLASSES.contains(errorClass)) {
        throw r.error(
            e.keyLine(),
            "unknown key '"
                + e.key()
                + "' in "
                + what
                + " (known: "
                + String.join(", ", RetryConfig.ERROR_CLASSES)
                + ", or LiteLLM's "
                + String.join(
                    ", ", LiteLlmTranslator.RETRY_KEYS.keySet().stream().sorted().toList())
                + ")");
      }
      if (lines.containsKey(errorClass)) {
        throw r.error(
            e.keyLine(),
            "retry policy for '"
                + errorClass
                + "' given twice in "
                + what
                + " (first on line "
                + lines.get(errorClass)
                + ")");
      }
      lines.put(errorClass, e.keyLine());
      Integer v = r.int32(e.value(), what + "." + e.key(), 0);
      if (v == null) {
        throw r.error(e.value().line(), what + "." + e.key() + " needs a number of retries");
      }
      out.put(errorClass, v);
    }
    return out;
  }

  /**
   * A fallback map, {@code {group: [fallback, ...]}} or LiteLLM's list of such mappings, or null
   * when {@code key} is absent.
   */
  static @Nullable Map<String, List<String>> fallbacks(Reader r, Section s, String key) {
    if (!s.has(key)) {
      return null;
    }
    Node node = s.present(key);
    String what = s.what(key);
    List<MapNode> maps = new ArrayList<>();
    if (node instanceof MapNode m) {
      maps.add(m);
    } else if (node instanceof ListNode l) {
      for (Node item : l.items()) {
        if (!(item instanceof MapNode m)) {
          throw r.error(
              item.line(),
              "expected a mapping {group: [fallback, ...]} in " + what + ", got " + item.kind());
        }
        maps.add(m);
      }
    } else if (!(node instanceof Scalar sc && sc.isNull())) {
      throw r.error(
          node.line(),
          "expected {group: [fallback, ...]} or a list of such mappings "
              + "for "
              + what
              + ", got "
              + node.kind());
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    for (MapNode m : maps) {
      for (Entry e : m.entries().values()) {
        if (e.key() == null || e.key().isBlank()) {
          throw r.error(e.keyLine(), "empty model group name in " + what);
        }
        if (lines.containsKey(e.key())) {
          throw r.error(
              e.keyLine(),
              "fallbacks for '"
                  + e.key()
                  + "' given twice in "
                  + what
                  + " (first on line "
                  + lines.get(e.key())
                  + ")");
        }
        lines.put(e.key(), e.keyLine());
        out.put(e.key(), r.strings(e.value(), what + "." + e.key()));
      }
    }
    return out;
  }
}
