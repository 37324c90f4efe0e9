package dev.llmux.core.internal.config;

import dev.llmux.core.config.ConfigException;
import java.util.Map;

/**
 * Replaces environment references in the configuration text before it is parsed, so that line
 * numbers stay those of the file. Supported: {@code ${NAME}} (error when unset), {@code
 * ${NAME:-default}} (default when unset or empty), {@code ${NAME:default}} (the same, the form the
 * original LLMux's Go loader reads, so its files load unchanged: {@code ${DB_HOST:localhost}},
 * {@code ${REDIS_PASSWORD:}}), {@code ${NAME:+alt}} ({@code alt} when set and non-empty, else
 * empty) and <code>$${</code> for a literal <code>${</code>. The shell operators {@code :=} and
 * {@code :?} are refused rather than read as defaults starting with {@code =} or {@code ?}.
 * References inside YAML comments are left alone. A replacement must not contain a line break.
 */
final class Interpolator {

  private final String source;
  private final Map<String, String> env;

  Interpolator(String source, Map<String, String> env) {
    this.source = source;
    this.env = env;
  }

  String apply(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int line = 1;
    char quote = 0;
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        quote = 0;
        out.append(c);
        i++;
      } else if (quote == 0 && c == '#' && (i == 0 || isBlank(text.charAt(i - 1)))) {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(text, i, end);
        i = end;
      } else if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        int eol = text.indexOf('\n', i);
        if (close < 0 || (eol >= 0 && eol < close)) {
          throw new ConfigException(source, line, "unterminated '${' (write '$${' for a literal)");
        }
        out.append(resolve(text.substring(i + 2, close), line));
        i = close + 1;
      } else {
        if (quote == 0 && (c == '"' || c == '\'') && (i == 0 || opensQuote(text.charAt(i - 1)))) {
          quote = c;
        } else if (quote == '"' && c == '"' && text.charAt(i - 1) != '\\') {
          quote = 0;
        } else if (quote == '\'' && c == '\'') {
          quote = 0;
        }
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private String resolve(String ref, int line) {
    int op = indexOfOperator(ref);
    String name = op < 0 ? ref : ref.substring(0, op);
    if (!isName(name)) {
      throw new ConfigException(
          source,
          line,
          "invalid environment reference '${"
              + ref
              + "}' (use ${NAME}, ${NAME:-default}, ${NAME:default} or ${NAME:+alternative})");
    }
    String value = env.get(name);
    String result;
    if (op < 0) {
      if (value == null) {
        throw new ConfigException(
            source,
            line,
            "environment variable '"
                + name
                + "' is not set (use ${"
                + name
                + ":-default} to give a default)");
      }
      result = value;
    } else if (op + 1 == ref.length() || ref.charAt(op + 1) != '+') {
      // ${NAME:-default} (shell) or ${NAME:default} (the original LLMux's Go loader)
      int from = op + 1 < ref.length() && ref.charAt(op + 1) == '-' ? op + 2 : op + 1;
      result = value == null || value.isEmpty() ? ref.substring(from) : value;
    } else {
      result = value == null || value.isEmpty() ? "" : ref.substring(op + 2);
    }
    if (result.indexOf('\n') >= 0 || result.indexOf('\r') >= 0) {
      throw new ConfigException(
          source,
          line,
          "the value of environment variable '"
              + name
              + "' contains a line break, which is not allowed in a substitution");
    }
    return result;
  }

  private static int indexOfOperator(String ref) {
    int colon = ref.indexOf(':');
    if (colon < 0) {
      return -1;
    }
    if (colon + 1 < ref.length()
        && (ref.charAt(colon + 1) == '=' || ref.charAt(colon + 1) == '?')) {
      return -2 - colon; // a shell operator LLMux does not support: makes the name check fail below
    }
    return colon; // :-default, :+alternative, or :default
  }

  private static boolean isName(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      char ch = s.charAt(k);
      if (!(ch == '_' || (ch < 128 && Character.isLetterOrDigit(ch)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean opensQuote(char prev) {
    return isBlank(prev) || prev == '[' || prev == '{' || prev == ',' || prev == ':' || prev == '-';
  }
}
