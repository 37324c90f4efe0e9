package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Readers of the facade's own YAML sections ({@code server}, {@code database}, ...): typed values
 * with errors that name the key ({@code server.port: expected an integer}).
 */
final class SectionValues {
  private SectionValues() {}

  static boolean has(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v != null && !v.isNull();
  }

  static String text(JsonNode n, String where) {
    if (!n.isValueNode()) {
      throw new IllegalArgumentException(where + ": expected a string");
    }
    return n.asText();
  }

  static int integer(JsonNode n, String where) {
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.textValue().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(where + ": expected an integer, got " + n);
  }

  /**
   * A duration: a number of seconds, or a number with a unit {@code ms}, {@code s}, {@code m},
   * {@code h}.
   */
  static Duration duration(JsonNode n, String where) {
    if (n.isNumber()) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    if (n.isTextual()) {
      Duration d = parseDuration(n.textValue());
      if (d != null) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        where
            + ": expected a duration such as 30s, 500ms, 2m, 1h or a number of seconds, got "
            + n);
  }

  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    int i = numberEnd(t);
    if (i == 0) {
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(t.substring(0, i));
    } catch (NumberFormatException e) {
      return null;
    }
    String unit = t.substring(i).trim();
    double ms;
    switch (unit) {
      case "ms":
        ms = v;
        break;
      case "":
      case "s":
        ms = v * 1000;
        break;
      case "m":
        ms = v * 60_000;
        break;
      case "h":
        ms = v * 3_600_000;
        break;
      default:
        return null;
    }
    return Duration.ofMillis(Math.round(ms));
  }

  /**
   * A size: a number of bytes, or a number with {@code KB MB GB} (1000-based) or {@code KiB MiB
   * GiB} (1024-based).
   */
  static long size(JsonNode n, String where) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isTextual()) {
      String t = n.textValue().trim().toLowerCase(Locale.ROOT);
      int i = numberEnd(t);
      if (i > 0) {
        try {
          double v = Double.parseDouble(t.substring(0, i));
          long mult;
          switch (t.substring(i).trim()) {
            case "":
            case "b":
              mult = 1;
              break;
            case "kb":
              mult = 1000;
              break;
            case "mb":
              mult = 1000_000;
              break;
            case "gb":
              mult = 1000_000_000;
              break;
            case "kib":
            case "k":
              mult = 1024;
              break;
            case "mib":
            case "m":
              mult = 1024 * 1024;
              break;
            case "gib":
            case "g":
              mult = 1024L * 1024 * 1024;
              break;
            default:
              mult = -1;
          }
          if (mult > 0) {
            return (long) (v * mult);
          }
        } catch (NumberFormatException e) {
          // fall through
        }
      }
    }
    throw new IllegalArgumentException(
        where + ": expected a size such as 10MiB, 512KB or a number of bytes, got " + n);
  }

  private static int numberEnd(String t) {
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    return i;
  }

  static String sorted(Set<String> s) {
    return String.join(", ", new java.util.TreeSet<>(s));
  }
}
