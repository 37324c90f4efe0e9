package dev.llmux.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Jackson's errors in words a caller can act on: which field, what was expected. Jackson's own
 * messages name Java classes ({@code dev.llmux.api.chat.ChatMessage}) and its features ({@code
 * DeserializationFeature...}), which mean nothing to a caller and tell an attacker what runs.
 */
final class JsonErrors {
  private JsonErrors() {}

  /** Backticked names, and Jackson's hints about features to enable. */
  private static final Pattern HINTS =
      Pattern.compile(
          "\\s*\\(?(?:or |to allow[^,;)]*)?\\s*(?:enable|disable)\\s*`[^`]*`[^);]*\\)?|`[^`]*`");

  /** Jackson's excerpts of the input ({@code (start marker at [Source: ...; line: 1, ...])}). */
  private static final Pattern SOURCE =
      Pattern.compile("\\s*\\(?(?:start marker )?at \\[Source:[^\\]]*\\]\\)?|\\[Source:[^\\]]*\\]");

  static @Nullable String fieldPath(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : m.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  static String describe(JsonProcessingException e) {
    String field = fieldPath(e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException c) {
        return limit(String.valueOf(c.getOriginalMessage())); // also when databind wrapped it
      }
    }
    if (e instanceof ValueInstantiationException) {
      Throwable cause = e.getCause();
      String m = cause == null ? null : cause.getMessage();
      if (cause instanceof NullPointerException && m != null && m.matches("[a-z_A-Z]+")) {
        return "'" + join(field, snake(m)) + "' is required";
      }
      if (cause instanceof IllegalArgumentException && m != null) {
        return (field == null ? "" : "'" + field + "': ") + clean(m);
      }
      return field == null
          ? "the body does not have the expected shape"
          : "'" + field + "' has an invalid value";
    }
    if (e instanceof MismatchedInputException mi) {
      String original = String.valueOf(mi.getOriginalMessage());
      if (original.startsWith("Trailing token")) {
        return "the body has data after the JSON value (send exactly one JSON object)";
      }
      if (original.startsWith("No content to map")) {
        return "the body is empty";
      }
      String expected = expected(mi.getTargetType());
      return field == null
          ? "the body must be " + (expected.equals("a JSON value") ? "a JSON object" : expected)
          : "'" + field + "' must be " + expected;
    }
    if (e instanceof JsonMappingException) {
      return field == null
          ? "the body does not have the expected shape"
          : "'" + field + "' has an invalid value";
    }
    // not JSON at all
    StringBuilder sb =
        new StringBuilder("the body is not valid JSON: ")
            .append(clean(String.valueOf(e.getOriginalMessage())));
    JsonLocation at = e instanceof StreamReadException r ? r.getLocation() : e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      sb.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
      sb.append(')');
    }
    return sb.toString();
  }

  /** A read limit that was exceeded, said plainly. */
  private static String limit(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("nesting depth")) {
      return "the JSON is nested too deeply (at most "
          + Json.MAX_NESTING_DEPTH
          + " levels of objects and arrays)";
    }
    if (m.contains("number value length")) {
      return "a number in the JSON is too long";
    }
    if (m.contains("string value length")) {
      return "a string in the JSON is too long";
    }
    if (m.contains("name length")) {
      return "a field name in the JSON is too long";
    }
    return "the JSON exceeds a size limit";
  }

  /** What a value of {@code type} looks like in JSON. */
  static String expected(@Nullable Class<?> type) {
    if (type == null) {
      return "a JSON value";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == BigInteger.class) {
      return "an integer";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class
        || type == BigDecimal.class
        || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray() || type == List.class) {
      return "a list";
    }
    if (type == Object.class) {
      return "a JSON value";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    String name = type.getSimpleName();
    switch (name) {
      case "MessageContent":
        return "a string or a list of content parts";
      case "ToolChoice":
        return "\"none\", \"auto\", \"required\" or an object naming a function";
      default:
        return "an object";
    }
  }

  /** {@code maxTokens} as the JSON field {@code max_tokens}. */
  private static String snake(String javaName) {
    StringBuilder sb = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String join(@Nullable String path, String field) {
    return path == null ? field : path + "." + field;
  }

  /** Jackson's message without its feature hints, backticked names and source excerpts. */
  static String clean(String message) {
    String m = message;
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    m = SOURCE.matcher(m).replaceAll("");
    m = HINTS.matcher(m).replaceAll("");
    m = m.replaceAll("\\b(?:com|java|javax|dev)\\.[a-zA-Z0-9_.$]+", "a value");
    m = m.trim();
    while (m.endsWith(":") || m.endsWith(";") || m.endsWith(",")) {
      m = m.substring(0, m.length() - 1).trim();
    }
    return m.isEmpty() ? "unexpected input" : m;
  }
}
