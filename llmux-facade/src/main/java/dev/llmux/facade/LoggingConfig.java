package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code logging} section of the facade's file: {@code format} ({@code text}, default, or
 * {@code json}: one object per line), {@code level} ({@code trace}, {@code debug}, {@code info}
 * (default), {@code warn}, {@code error}) and {@code log_prompts} (default {@code false}: the
 * access line never carries a request body; {@code true} adds it, cut to {@link #MAX_PROMPT_CHARS}
 * characters). Without the section, {@code LLMUX_LOG_FORMAT} / {@code LLMUX_LOG_LEVEL} from the
 * environment, else the defaults.
 *
 * @param format {@code text} or {@code json}
 * @param level the root level
 * @param logPrompts whether the access line carries the request body
 */
public record LoggingConfig(String format, String level, boolean logPrompts) {
  /** The section's key in the file. */
  public static final String SECTION = "logging";

  /** The formats. */
  public static final List<String> FORMATS = List.of("text", "json");

  /** The levels. */
  public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  /** The most characters of a request body an access line carries with {@code log_prompts}. */
  public static final int MAX_PROMPT_CHARS = 8192;

  private static final Set<String> KEYS = Set.of("format", "level", "log_prompts");

  public LoggingConfig {
    format = check(format, FORMATS, "logging.format");
    level = check(level, LEVELS, "logging.level");
  }

  private static String check(String v, List<String> allowed, String where) {
    String s = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(s)) {
      throw new IllegalArgumentException(
          where + ": must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }
    return s;
  }

  /** The defaults, or {@code LLMUX_LOG_FORMAT} / {@code LLMUX_LOG_LEVEL} when set. */
  public static LoggingConfig defaults(java.util.Map<String, String> env) {
    String f = env.get("LLMUX_LOG_FORMAT");
    String l = env.get("LLMUX_LOG_LEVEL");
    return new LoggingConfig(
        f == null || f.isBlank() ? "text" : f, l == null || l.isBlank() ? "info" : l, false);
  }

  /** Whether lines are JSON objects. */
  public boolean json() {
    return "json".equals(format);
  }

  /** Reads the section ({@code null}: the defaults of {@code env}). */
  static LoggingConfig fromJson(JsonNode node, java.util.Map<String, String> env) {
    LoggingConfig d = defaults(env);
    if (node == null || node.isNull()) {
      return d;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("logging: expected a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "logging." + k + ": unknown key (known: " + SectionValues.sorted(KEYS) + ")");
      }
    }
    String format =
        SectionValues.has(node, "format")
            ? SectionValues.text(node.get("format"), "logging.format")
            : d.format();
    String level =
        SectionValues.has(node, "level")
            ? SectionValues.text(node.get("level"), "logging.level")
            : d.level();
    boolean prompts = false;
    if (SectionValues.has(node, "log_prompts")) {
      JsonNode p = node.get("log_prompts");
      if (p.isBoolean()) {
        prompts = p.booleanValue();
      } else if (p.isTextual() && Set.of("true", "false").contains(p.textValue().trim())) {
        prompts = Boolean.parseBoolean(p.textValue().trim());
      } else {
        throw new IllegalArgumentException("logging.log_prompts: expected true or false, got " + p);
      }
    }
    return new LoggingConfig(format, level, prompts);
  }
}
