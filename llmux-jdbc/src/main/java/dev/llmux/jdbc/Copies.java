package dev.llmux.jdbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies for the records: never null, unmodifiable, map values may be null. */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : List.copyOf(l);
  }

  static <K, V> Map<K, V> map(Map<K, V> m) {
    return m == null || m.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  static Limits limits(Limits l) {
    return l == null ? Limits.NONE : l;
  }
}
