package dev.llmux.core.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Argument checks of the config builders; each message starts with the setting's name. */
final class Checks {
  private Checks() {}

  static String name(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " must be a non-empty name");
    }
    return value;
  }

  static int atLeast(int value, int min, String setting) {
    if (value < min) {
      throw new IllegalArgumentException(setting + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  static long atLeast(long value, long min, String setting) {
    if (value < min) {
      throw new IllegalArgumentException(setting + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  static int range(int value, int min, int max, String setting) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          setting + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  /**
   * {@code value} in {@code [min, max]} ({@code max} = {@link Double#MAX_VALUE}: no upper bound).
   */
  static double range(double value, double min, double max, String setting) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          setting
              + " must be "
              + (max == Double.MAX_VALUE
                  ? ">= " + fmt(min)
                  : "in [" + fmt(min) + ", " + fmt(max) + "]")
              + ", got "
              + value);
    }
    return value;
  }

  static Duration positive(Duration value, String setting) {
    Objects.requireNonNull(value, setting);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, got " + value);
    }
    return value;
  }

  static Duration notNegative(Duration value, String setting) {
    Objects.requireNonNull(value, setting);
    if (value.isNegative()) {
      throw new IllegalArgumentException(setting + " must not be negative, got " + value);
    }
    return value;
  }

  /**
   * An unmodifiable, order-keeping copy of a group-to-groups map; group names must be non-empty.
   */
  static Map<String, List<String>> groupLists(Map<String, List<String>> map, String setting) {
    Objects.requireNonNull(map, setting);
    Map<String, List<String>> out = new LinkedHashMap<>();
    map.forEach(
        (group, targets) -> out.put(name(group, setting + " model group"), List.copyOf(targets)));
    return Collections.unmodifiableMap(out);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
