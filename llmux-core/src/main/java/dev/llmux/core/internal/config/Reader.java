package dev.llmux.core.internal.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.llmux.core.config.ConfigException;
import dev.llmux.core.internal.config.YamlTree.Entry;
import dev.llmux.core.internal.config.YamlTree.ListNode;
import dev.llmux.core.internal.config.YamlTree.MapNode;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.config.YamlTree.Scalar;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of tree nodes with errors that name the source line. Strings of the form {@code
 * os.environ/NAME} (LiteLLM's syntax) resolve to the environment variable {@code NAME}.
 */
final class Reader {

  static final String OS_ENVIRON = "os.environ/";

  private final String source;
  private final Map<String, String> env;

  Reader(String source, Map<String, String> env) {
    this.source = source;
    this.env = env;
  }

  ConfigException error(int line, String detail) {
    return new ConfigException(source, line, detail);
  }

  /** A checked view of a mapping: rejects keys not in {@code known}. */
  Section section(Node node, String path, List<String> known) {
    MapNode map;
    if (node instanceof MapNode m) {
      map = m;
    } else if (node instanceof Scalar s && s.isNull()) {
      map = new MapNode(s.line(), new LinkedHashMap<>());
    } else {
      throw error(node.line(), "expected a mapping for " + path + ", got " + node.kind());
    }
    for (Entry e : map.entries().values()) {
      if (!known.contains(e.key())) {
        throw error(
            e.keyLine(),
            "unknown key '"
                + e.key()
                + "' in "
                + path
                + " (known: "
                + String.join(", ", known)
                + ")");
      }
    }
    return new Section(this, path, map);
  }

  List<Node> list(Node node, String what) {
    if (node instanceof ListNode l) {
      return l.items();
    }
    if (node instanceof Scalar s && s.isNull()) {
      return List.of();
    }
    throw error(node.line(), "expected a list for " + what + ", got " + node.kind());
  }

  private Scalar scalar(Node node, String what, String expected) {
    if (node instanceof Scalar s) {
      return s;
    }
    throw error(node.line(), "expected " + expected + " for " + what + ", got " + node.kind());
  }

  /** A string (numbers and booleans as written); null for a YAML null. */
  @Nullable String string(Node node, String what) {
    Scalar s = scalar(node, what, "a string");
    if (s.isNull()) {
      return null;
    }
    return text(s, what);
  }

  /**
   * The text of a scalar that is not a YAML null: as written, a string's {@code os.environ/NAME}
   * resolved.
   */
  private String text(Scalar s, String what) {
    String text = Objects.requireNonNull(s.text()); // only a YAML null has no text
    if (s.token() == JsonToken.VALUE_STRING && text.startsWith(OS_ENVIRON)) {
      String name = text.substring(OS_ENVIRON.length());
      String value = env.get(name);
      if (value == null) {
        throw error(
            s.line(),
            "environment variable '" + name + "' (" + text + ") for " + what + " is not set");
      }
      return value;
    }
    return text;
  }

  /** A string that must be present and non-blank. */
  String requiredString(Node node, String what) {
    String s = string(node, what);
    if (s == null || s.isBlank()) {
      throw error(node.line(), what + " must be a non-empty string");
    }
    return s;
  }

  @Nullable Boolean bool(Node node, String what) {
    Scalar s = scalar(node, what, "true or false");
    if (s.isNull()) {
      return null;
    }
    if (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
      return s.token() == JsonToken.VALUE_TRUE;
    }
    String t = s.token() == JsonToken.VALUE_STRING ? text(s, what).trim() : text(s, what);
    if (t.equalsIgnoreCase("true")) {
      return true;
    }
    if (t.equalsIgnoreCase("false")) {
      return false;
    }
    throw error(s.line(), "expected true or false for " + what + ", got '" + s.text() + "'");
  }

  @Nullable Long integer(Node node, String what, long min, long max) {
    Scalar s = scalar(node, what, "an integer");
    if (s.isNull()) {
      return null;
    }
    String t = s.token() == JsonToken.VALUE_STRING ? text(s, what).trim() : text(s, what);
    long v;
    try {
      if (s.token() != JsonToken.VALUE_NUMBER_INT && s.token() != JsonToken.VALUE_STRING) {
        throw new NumberFormatException();
      }
      v = new BigDecimal(t.replace("_", "")).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw error(s.line(), "expected an integer for " + what + ", got '" + s.text() + "'");
    }
    if (v < min || v > max) {
      throw error(s.line(), what + " must be " + range(min, max) + ", got " + v);
    }
    return v;
  }

  @Nullable Integer int32(Node node, String what, int min) {
    Long v = integer(node, what, min, Integer.MAX_VALUE);
    return v == null ? null : v.intValue();
  }

  @Nullable Double number(Node node, String what, double min, double max) {
    Scalar s = scalar(node, what, "a number");
    if (s.isNull()) {
      return null;
    }
    String t = s.token() == JsonToken.VALUE_STRING ? text(s, what).trim() : text(s, what);
    double v;
    try {
      if (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
        throw new NumberFormatException();
      }
      v = new BigDecimal(t.replace("_", "")).doubleValue();
    } catch (NumberFormatException e) {
      throw error(s.line(), "expected a number for " + what + ", got '" + s.text() + "'");
    }
    if (!(v >= min && v <= max)) {
      throw error(s.line(), what + " must be " + range(min, max) + ", got " + t);
    }
    return v;
  }

  @Nullable Duration duration(Node node, String what) {
    Scalar s = scalar(node, what, "a duration");
    if (s.isNull()) {
      return null;
    }
    String t = text(s, what);
    if (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE) {
      throw error(s.line(), "expected a duration for " + what + ", got '" + t + "'");
    }
    try {
      return Values.duration(t);
    } catch (IllegalArgumentException e) {
      throw error(s.line(), "invalid duration '" + t + "' for " + what + ": " + e.getMessage());
    }
  }

  @Nullable Long size(Node node, String what) {
    Scalar s = scalar(node, what, "a size");
    if (s.isNull()) {
      return null;
    }
    String t = text(s, what);
    try {
      return Values.size(t);
    } catch (IllegalArgumentException e) {
      throw error(s.line(), "invalid size '" + t + "' for " + what + ": " + e.getMessage());
    }
  }

  /** A list of non-empty strings; a single string counts as a one-element list. */
  List<String> strings(Node node, String what) {
    if (node instanceof Scalar s) {
      if (s.isNull()) {
        return List.of();
      }
      return List.of(requiredString(s, what));
    }
    List<String> out = new ArrayList<>();
    for (Node item : list(node, what)) {
      out.add(requiredString(item, "each entry of " + what));
    }
    return out;
  }

  /** A mapping of string to string (header maps). */
  Map<String, String> stringMap(Node node, String what) {
    if (node instanceof Scalar s && s.isNull()) {
      return Map.of();
    }
    if (!(node instanceof MapNode m)) {
      throw error(
          node.line(), "expected a mapping of strings for " + what + ", got " + node.kind());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Entry e : m.entries().values()) {
      String v = string(e.value(), what + "." + e.key());
      out.put(e.key(), v == null ? "" : v);
    }
    return out;
  }

  private static String range(double min, double max) {
    if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE || max == Double.MAX_VALUE) {
      return ">= " + fmt(min);
    }
    return "between " + fmt(min) + " and " + fmt(max);
  }

  private static String fmt(double d) {
    return d == Math.rint(d)
        ? String.valueOf((long) d)
        : String.valueOf(d).toLowerCase(Locale.ROOT);
  }

  /** A validated mapping with typed accessors by key; absent keys read as null. */
  static final class Section {
    private final Reader r;
    final String path;
    final MapNode map;

    Section(Reader r, String path, MapNode map) {
      this.r = r;
      this.path = path;
      this.map = map;
    }

    boolean has(String key) {
      return map.entries().containsKey(key);
    }

    @Nullable Entry entry(String key) {
      return map.entries().get(key);
    }

    @Nullable Node node(String key) {
      Entry e = entry(key);
      return e == null ? null : e.value();
    }

    /**
     * The node of a key the caller knows is present (it checked {@link #has} or read the key with a
     * required read); throws {@link NullPointerException} otherwise.
     */
    Node present(String key) {
      return Objects.requireNonNull(node(key), key);
    }

    int line(String key) {
      Entry e = entry(key);
      return e == null ? map.line() : e.keyLine();
    }

    String what(String key) {
      return path + "." + key;
    }

    @Nullable String string(String key) {
      Node n = node(key);
      return n == null ? null : r.string(n, what(key));
    }

    String requiredString(String key) {
      Node n = node(key);
      if (n == null) {
        throw r.error(map.line(), "missing key '" + key + "' in " + path);
      }
      return r.requiredString(n, what(key));
    }

    @Nullable Boolean bool(String key) {
      Node n = node(key);
      return n == null ? null : r.bool(n, what(key));
    }

    @Nullable Integer int32(String key, int min) {
      Node n = node(key);
      return n == null ? null : r.int32(n, what(key), min);
    }

    @Nullable Long int64(String key, long min) {
      Node n = node(key);
      return n == null ? null : r.integer(n, what(key), min, Long.MAX_VALUE);
    }

    @Nullable Double number(String key, double min, double max) {
      Node n = node(key);
      return n == null ? null : r.number(n, what(key), min, max);
    }

    @Nullable Duration duration(String key) {
      Node n = node(key);
      return n == null ? null : r.duration(n, what(key));
    }

    @Nullable Long size(String key) {
      Node n = node(key);
      return n == null ? null : r.size(n, what(key));
    }

    @Nullable List<String> strings(String key) {
      Node n = node(key);
      return n == null ? null : r.strings(n, what(key));
    }

    @Nullable Map<String, String> stringMap(String key) {
      Node n = node(key);
      return n == null ? null : r.stringMap(n, what(key));
    }
  }
}
