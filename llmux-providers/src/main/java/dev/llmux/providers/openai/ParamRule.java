package dev.llmux.providers.openai;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A chat request parameter an upstream refuses (answers 400 to), optionally only for some models
 * and only for values other than a harmless one.
 *
 * @param param the parameter name as on the wire ({@code logprobs}, {@code n}), or {@code
 *     messages[].name} for the {@code name} field of messages
 * @param allowed the one value the upstream accepts (for example {@code n: 1}), or {@code null}
 *     when any value is refused
 * @param modelPrefixes the rule applies only to upstream models starting with one of these
 *     (compared case-insensitively); empty for every model
 */
record ParamRule(String param, Object allowed, List<String> modelPrefixes) {

  ParamRule {
    Objects.requireNonNull(param, "param");
    modelPrefixes = List.copyOf(modelPrefixes);
  }

  /** Any value of {@code param} is refused, for every model. */
  static ParamRule refused(String param) {
    return new ParamRule(param, null, List.of());
  }

  /** Only {@code allowed} is accepted for {@code param}. */
  static ParamRule only(String param, Object allowed) {
    return new ParamRule(param, allowed, List.of());
  }

  /** Any value of {@code param} is refused for models starting with one of {@code prefixes}. */
  static ParamRule refusedFor(String param, String... prefixes) {
    return new ParamRule(param, null, List.of(prefixes));
  }

  boolean appliesTo(String model) {
    if (modelPrefixes.isEmpty()) {
      return true;
    }
    String m = model == null ? "" : model.toLowerCase(Locale.ROOT);
    for (String p : modelPrefixes) {
      if (m.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code value} (not null) is refused. */
  boolean refuses(Object value) {
    if (allowed == null) {
      return true;
    }
    if (allowed instanceof Number a && value instanceof Number v) {
      return a.doubleValue() != v.doubleValue();
    }
    return !allowed.equals(value);
  }

  /** How the documentation table shows this rule. */
  String describe() {
    String s = "`" + param + "`" + (allowed == null ? "" : " other than `" + allowed + "`");
    return modelPrefixes.isEmpty() ? s : s + " (models " + String.join(", ", modelPrefixes) + "*)";
  }
}
