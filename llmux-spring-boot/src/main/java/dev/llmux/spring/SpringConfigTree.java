package dev.llmux.spring;

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
