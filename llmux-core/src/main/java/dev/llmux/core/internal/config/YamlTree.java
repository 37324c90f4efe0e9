package dev.llmux.core.internal.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.llmux.core.config.ConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A YAML document read into a small tree whose every node and key knows its line, built from
 * Jackson's streaming {@link YAMLParser}. Supports anchors/aliases and the {@code <<} merge key;
 * rejects duplicate keys and multiple documents.
 */
final class YamlTree {

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTree() {}

  /** A node of the tree. */
  sealed interface Node permits MapNode, ListNode, Scalar {
    int line();

    /** A short description of the node's kind for error messages. */
    String kind();
  }

  /** One key of a mapping with the line the key is on. */
  record Entry(String key, int keyLine, Node value) {}

  /** A mapping; keys in file order. */
  record MapNode(int line, Map<String, Entry> entries) implements Node {
    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** A sequence. */
  record ListNode(int line, List<Node> items) implements Node {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A scalar: {@code token} is one of VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT,
   * VALUE_TRUE, VALUE_FALSE, VALUE_NULL; {@code text} is the scalar as written (null for null).
   */
  record Scalar(int line, JsonToken token, @Nullable String text) implements Node {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }

    @Override
    public String kind() {
      return isNull() ? "null" : "'" + text + "'";
    }
  }

  /** Parses {@code text}; an empty document gives an empty mapping at line 0. */
  static Node read(String text, String source) {
    try (YAMLParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new MapNode(0, new LinkedHashMap<>());
      }
      Node root = new Reader(p, source).node(t);
      JsonToken next = p.nextToken();
      if (next != null) {
        throw new ConfigException(
            source, line(p.currentTokenLocation()), "only one YAML document per file is supported");
      }
      return root;
    } catch (JacksonException e) {
      JsonLocation loc = e.getLocation();
      throw new ConfigException(
          source, loc == null ? 0 : line(loc), "invalid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(source, 0, "cannot read YAML: " + e.getMessage(), e);
    }
  }

  private static int line(JsonLocation loc) {
    return Math.max(0, loc.getLineNr());
  }

  private static final class Reader {
    private final YAMLParser p;
    private final String source;
    private final Map<String, Node> anchors = new HashMap<>();

    Reader(YAMLParser p, String source) {
      this.p = p;
      this.source = source;
    }

    Node node(JsonToken t) throws IOException {
      int line = line(p.currentTokenLocation());
      if (p.isCurrentAlias()) {
        Node target = anchors.get(p.getText());
        if (target == null) {
          throw new ConfigException(source, line, "unknown YAML alias '*" + p.getText() + "'");
        }
        return target;
      }
      String anchor = p.getObjectId();
      Node result;
      switch (t) {
        case START_OBJECT -> result = map(line);
        case START_ARRAY -> {
          List<Node> items = new ArrayList<>();
          JsonToken it;
          while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(node(it));
          }
          result = new ListNode(line, List.copyOf(items));
        }
        case VALUE_NULL -> result = new Scalar(line, t, null);
        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
            result = new Scalar(line, t, p.getText());
        default -> throw new ConfigException(source, line, "unsupported YAML value: " + t);
      }
      if (anchor != null) {
        anchors.put(anchor, result);
      }
      return result;
    }

    private MapNode map(int line) throws IOException {
      Map<String, Entry> entries = new LinkedHashMap<>();
      List<Entry> merges = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        String key = p.currentName();
        int keyLine = line(p.currentTokenLocation());
        Node value = node(p.nextToken());
        Entry e = new Entry(key, keyLine, value);
        if ("<<".equals(key)) {
          merges.add(e);
        } else if (entries.putIfAbsent(key, e) != null) {
          throw new ConfigException(
              source,
              keyLine,
              "duplicate key '" + key + "' (first on line " + entries.get(key).keyLine() + ")");
        }
      }
      for (Entry m : merges) {
        List<Node> sources = m.value() instanceof ListNode l ? l.items() : List.of(m.value());
        for (Node s : sources) {
          if (!(s instanceof MapNode sm)) {
            throw new ConfigException(source, m.keyLine(), "the merge key '<<' needs a mapping");
          }
          sm.entries().forEach(entries::putIfAbsent);
        }
      }
      return new MapNode(line, entries);
    }
  }

  /** Converts a subtree to a Jackson tree (for extension sections handed out raw). */
  static JsonNode toJson(Node node) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MapNode m) {
      ObjectNode o = f.objectNode();
      m.entries().forEach((k, e) -> o.set(k, toJson(e.value())));
      return o;
    }
    if (node instanceof ListNode l) {
      ArrayNode a = f.arrayNode();
      l.items().forEach(i -> a.add(toJson(i)));
      return a;
    }
    Scalar s = (Scalar) node;
    return switch (s.token()) {
      case VALUE_NULL -> f.nullNode();
      case VALUE_TRUE -> f.booleanNode(true);
      case VALUE_FALSE -> f.booleanNode(false);
      case VALUE_NUMBER_INT -> integer(Objects.requireNonNull(s.text()));
      case VALUE_NUMBER_FLOAT -> decimal(Objects.requireNonNull(s.text()));
      default -> f.textNode(s.text());
    };
  }

  private static JsonNode integer(String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    try {
      BigInteger v = new BigInteger(text.replace("_", "").replace("+", ""));
      if (v.bitLength() < 32) {
        return f.numberNode(v.intValue());
      }
      return v.bitLength() < 64 ? f.numberNode(v.longValue()) : f.numberNode(v);
    } catch (NumberFormatException e) {
      return f.textNode(text);
    }
  }

  private static JsonNode decimal(String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    try {
      return f.numberNode(new BigDecimal(text.replace("_", "")).doubleValue());
    } catch (NumberFormatException e) {
      return f.textNode(text);
    }
  }
}
