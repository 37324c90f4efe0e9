package dev.llmux.spring;

import dev.llmux.api.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Rebuilds the {@code llmux} subtree of the Spring environment as nested maps and lists, with the
 * raw (uninterpolated) values as written, so that LLMux's own loader validates and interpolates
 * them exactly as it does a YAML file. For each key the highest-precedence property source wins.
 */
final class SpringConfigTree {
  private SpringConfigTree() {}

  /**
   * The subtree under {@code prefix} (without the prefix), leaving out {@code reserved} top-level
   * keys.
   */
  static Map<String, Object> read(
      ConfigurableEnvironment env, String prefix, Set<String> reserved) {
    return read(env, prefix, reserved, new TreeMap<>());
  }

  /**
   * {@link #read(ConfigurableEnvironment, String, Set)} that also fills {@code origins}: for each
   * key (without the prefix) where its value was written ({@code class path resource
   * [application.yml] - 12:7}), when the property source tracks it.
   */
  static Map<String, Object> read(
      ConfigurableEnvironment env,
      String prefix,
      Set<String> reserved,
      Map<String, String> origins) {
    String start = prefix + ".";
    Map<String, String> flat = new TreeMap<>();
    for (PropertySource<?> source : env.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> e)) {
        continue;
      }
      for (String name : e.getPropertyNames()) {
        if (!name.startsWith(start) || flat.containsKey(name.substring(start.length()))) {
          continue;
        }
        Object value = e.getProperty(name);
        if (value instanceof OriginTrackedValue o) {
          value = o.getValue();
          if (o.getOrigin() != null) {
            origins.put(name.substring(start.length()), o.getOrigin().toString());
          }
        }
        flat.put(name.substring(start.length()), value == null ? "" : value.toString());
      }
    }
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : flat.entrySet()) {
      List<Object> path = path(e.getKey());
      if (path.get(0) instanceof String top && reserved.contains(top)) {
        continue;
      }
      put(root, path, e.getValue(), e.getKey());
    }
    return root;
  }

  /**
   * The tree as block YAML with one key or item per line, every scalar a double-quoted string (as
   * JSON writes it: the loader reads it like the value as written), and in {@code lines} the
   * property each line comes from, in Spring's form ({@code routing.retry_count}, {@code
   * providers[0].name}, {@code routing.fallbacks[gpt-4.1]}), so that a loader error on a line can
   * name the property (index 0 is line 1).
   */
  static String toYaml(Map<String, Object> tree, List<String> lines) {
    StringBuilder out = new StringBuilder();
    emit(tree, "", "", out, lines);
    return out.toString();
  }

  private static void emit(
      Object node, String indent, String path, StringBuilder out, List<String> lines) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = String.valueOf(e.getKey());
        String child = k.contains(".") ? path + "[" + k + "]" : path.isEmpty() ? k : path + "." + k;
        out.append(indent).append(Json.write(k)).append(':');
        value(e.getValue(), indent, child, out, lines);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        out.append(indent).append('-');
        value(list.get(i), indent, path + "[" + i + "]", out, lines);
      }
    }
  }

  private static void value(
      Object v, String indent, String path, StringBuilder out, List<String> lines) {
    lines.add(path);
    if (v instanceof Map<?, ?> m && !m.isEmpty() || v instanceof List<?> l && !l.isEmpty()) {
      out.append('\n');
      emit(v, indent + "  ", path, out, lines);
    } else {
      String scalar =
          v == null ? "null" : v instanceof Map<?, ?> ? "{}" : v instanceof List<?> ? "[]" : null;
      out.append(' ').append(scalar != null ? scalar : Json.write(v.toString())).append('\n');
    }
  }

  /** {@code a.b[0].c[gpt-4.1]} to {@code [a, b, 0, c, gpt-4.1]} (indices as Integers). */
  static List<Object> path(String key) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    StringBuilder name = new StringBuilder();
    while (i < key.length()) {
      char c = key.charAt(i);
      if (c == '.') {
        if (name.length() > 0) {
          out.add(name.toString());
          name.setLength(0);
        }
        i++;
      } else if (c == '[') {
        if (name.length() > 0) {
          out.add(name.toString());
          name.setLength(0);
        }
        int end = key.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("unbalanced '[' in property 'llmux." + key + "'");
        }
        String inside = key.substring(i + 1, end);
        out.add(
            inside.chars().allMatch(Character::isDigit) && !inside.isEmpty()
                ? (Object) Integer.valueOf(inside)
                : inside);
        i = end + 1;
      } else {
        name.append(c);
        i++;
      }
    }
    if (name.length() > 0) {
      out.add(name.toString());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, List<Object> path, String value, String key) {
    Object node = root;
    for (int i = 0; i < path.size(); i++) {
      Object step = path.get(i);
      boolean last = i == path.size() - 1;
      Object next =
          last
              ? null
              : (path.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>());
      if (node instanceof Map<?, ?> m) {
        Map<String, Object> map = (Map<String, Object>) m;
        String k = step.toString();
        if (last) {
          map.put(k, value);
        } else {
          node = map.computeIfAbsent(k, x -> next);
        }
      } else if (node instanceof List<?> l && step instanceof Integer index) {
        List<Object> list = (List<Object>) l;
        while (list.size() <= index) {
          list.add(null);
        }
        if (last) {
          list.set(index, value);
        } else {
          if (list.get(index) == null) {
            list.set(index, next);
          }
          node = list.get(index);
        }
      } else {
        throw new IllegalArgumentException("property 'llmux." + key + "' mixes a list and a map");
      }
    }
  }
}
