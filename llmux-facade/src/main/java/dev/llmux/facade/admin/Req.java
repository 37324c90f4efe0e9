package dev.llmux.facade.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One management request: its caller, its JSON body (POST) and its query parameters (GET), with
 * typed readers that answer 400 with the field's name for a wrong type. A field is read from the
 * body, else from the query. {@link #allow(String...)} makes every other field an error.
 */
final class Req {
  static final int DEFAULT_SIZE = 25;
  static final int MAX_SIZE = 500;

  final String method;
  final String path;
  final Caller caller;
  private final Map<String, String> query;
  private final ObjectNode body;

  Req(String method, String path, Caller caller, Map<String, String> query, ObjectNode body) {
    this.method = method;
    this.path = path;
    this.caller = caller;
    this.query = query;
    this.body = body;
  }

  /** Parses a body: empty means {}, anything but a JSON object is a 400. */
  static ObjectNode parseBody(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return Json.mapper().createObjectNode();
    }
    JsonNode n;
    try {
      n = Json.mapper().readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw Failure.badRequest(
          "We could not parse the JSON body of your request: " + Json.describe(e), null);
    } catch (java.io.IOException e) {
      throw Failure.badRequest("We could not parse the JSON body of your request", null);
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Json.mapper().createObjectNode();
    }
    if (!n.isObject()) {
      throw Failure.badRequest("The request body must be a JSON object", null);
    }
    return (ObjectNode) n;
  }

  /** Refuses every body field and query parameter not in {@code fields} (400 naming it). */
  Req allow(String... fields) {
    Set<String> known = Set.of(fields);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw Failure.badRequest(
            "Unknown field '" + f + "' (known: " + String.join(", ", new TreeSet<>(known)) + ")",
            f);
      }
    }
    for (String f : query.keySet()) {
      if (!known.contains(f)) {
        throw Failure.badRequest(
            "Unknown parameter '"
                + f
                + "' (known: "
                + String.join(", ", new TreeSet<>(known))
                + ")",
            f);
      }
    }
    return this;
  }

  boolean has(String f) {
    JsonNode v = body.get(f);
    return (v != null && !v.isNull()) || query.containsKey(f);
  }

  JsonNode node(String f) {
    JsonNode v = body.get(f);
    if (v != null && !v.isNull()) {
      return v;
    }
    String q = query.get(f);
    return q == null ? null : Json.mapper().getNodeFactory().textNode(q);
  }

  String str(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw Failure.badRequest("'" + f + "' must be a string", f);
    }
    String s = v.asText();
    return s.isEmpty() ? null : s;
  }

  String requiredStr(String f) {
    String s = str(f);
    if (s == null || s.isBlank()) {
      throw Failure.badRequest("'" + f + "' is required", f);
    }
    return s;
  }

  /**
   * A list of strings; a query parameter may be comma separated; a single string is a list of one.
   */
  List<String> strList(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      for (String s : v.asText().split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
      return out;
    }
    if (!v.isArray()) {
      throw Failure.badRequest("'" + f + "' must be a list of strings", f);
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw Failure.badRequest("'" + f + "' must be a list of strings", f);
      }
      out.add(e.asText());
    }
    return out;
  }

  BigDecimal decimal(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    try {
      BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
      if (d.signum() < 0) {
        throw Failure.badRequest("'" + f + "' must not be negative", f);
      }
      return d;
    } catch (NumberFormatException e) {
      throw Failure.badRequest("'" + f + "' must be a number", f);
    }
  }

  Long lng(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    long l;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      l = v.longValue();
    } else if (v.isTextual()) {
      try {
        l = Long.parseLong(v.asText().trim());
      } catch (NumberFormatException e) {
        throw Failure.badRequest("'" + f + "' must be an integer", f);
      }
    } else {
      throw Failure.badRequest("'" + f + "' must be an integer", f);
    }
    if (l < 0) {
      throw Failure.badRequest("'" + f + "' must not be negative", f);
    }
    return l;
  }

  Integer integer(String f) {
    Long l = lng(f);
    if (l != null && l > Integer.MAX_VALUE) {
      throw Failure.badRequest("'" + f + "' is too large", f);
    }
    return l == null ? null : l.intValue();
  }

  Boolean bool(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()
        && (v.asText().equalsIgnoreCase("true") || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw Failure.badRequest("'" + f + "' must be true or false", f);
  }

  Map<String, Object> object(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw Failure.badRequest("'" + f + "' must be a JSON object", f);
    }
    return Json.mapper().convertValue(v, new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  Map<String, String> stringMap(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw Failure.badRequest("'" + f + "' must be a JSON object of strings", f);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw Failure.badRequest("'" + f + "." + e.getKey() + "' must be a string", f);
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  Map<String, BigDecimal> decimalMap(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw Failure.badRequest("'" + f + "' must be a JSON object of numbers", f);
    }
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode n = e.getValue();
      if (n.isObject() && n.has("max_budget")) {
        n = n.get("max_budget"); // LiteLLM's {"gpt-4": {"max_budget": 10}}
      }
      if (!n.isNumber()) {
        throw Failure.badRequest("'" + f + "." + e.getKey() + "' must be a number", f);
      }
      out.put(e.getKey(), n.decimalValue());
    }
    return out;
  }

  /**
   * LiteLLM's durations: {@code 30s}, {@code 30m}, {@code 30h}, {@code 30d}, {@code 1mo}; a number
   * is seconds.
   */
  Duration duration(String f) {
    JsonNode v = node(f);
    if (v == null) {
      return null;
    }
    Duration d = v.isNumber() ? Duration.ofSeconds(v.longValue()) : parseDuration(v.asText());
    if (d == null || d.isNegative() || d.isZero()) {
      throw Failure.badRequest(
          "'" + f + "' must be a duration such as 30s, 30m, 12h, 30d or 1mo", f);
    }
    return d;
  }

  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0 || i > 9) {
      return null;
    }
    long n = Long.parseLong(t.substring(0, i));
    switch (t.substring(i)) {
      case "":
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return Duration.ofDays(n);
      case "w":
        return Duration.ofDays(7 * n);
      case "mo":
        return Duration.ofDays(30 * n);
      default:
        return null;
    }
  }

  /** A budget duration kept as text ({@code 30d}, {@code 1mo}), checked. */
  String budgetDuration(String f) {
    String s = str(f);
    if (s != null && parseDuration(s) == null) {
      throw Failure.badRequest("'" + f + "' must be a duration such as 30m, 12h, 1d, 7d or 1mo", f);
    }
    return s;
  }

  /**
   * A date ({@code 2024-06-01}, start of that day UTC) or an instant ({@code
   * 2024-06-01T10:00:00Z}).
   */
  Instant instant(String f, boolean endOfDay) {
    String s = str(f);
    if (s == null) {
      return null;
    }
    try {
      if (s.length() == 10) {
        LocalDate d = LocalDate.parse(s);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw Failure.badRequest("'" + f + "' must be a date (YYYY-MM-DD) or an ISO-8601 instant", f);
    }
  }

  /** A day ({@code 2024-06-01}; an instant's UTC day is taken too). */
  LocalDate date(String f) {
    String s = str(f);
    if (s == null) {
      return null;
    }
    try {
      return s.length() == 10
          ? LocalDate.parse(s)
          : LocalDate.ofInstant(Instant.parse(s), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw Failure.badRequest("'" + f + "' must be a date (YYYY-MM-DD)", f);
    }
  }

  int page() {
    Integer p = integer("page");
    if (p != null && p < 1) {
      throw Failure.badRequest("'page' starts at 1", "page");
    }
    return p == null ? 1 : p;
  }

  /** {@code size} or {@code page_size} (LiteLLM uses both), default 25, at most 1000. */
  int size() {
    Integer s = has("page_size") ? integer("page_size") : integer("size");
    if (s != null && (s < 1 || s > MAX_SIZE)) {
      throw Failure.badRequest("'size' must be 1.." + MAX_SIZE, "size");
    }
    return s == null ? DEFAULT_SIZE : s;
  }
}
