package dev.llmux.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Helpers for the {@code extra} maps that carry fields the typed API does not model. */
public final class Extras {
  private Extras() {}

  /** Returns an unmodifiable copy of {@code extra}, or an empty map for {@code null}. */
  public static Map<String, Object> copy(@Nullable Map<String, Object> extra) {
    if (extra == null || extra.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** Returns a mutable map to collect unknown fields into while deserializing. */
  public static Map<String, Object> collector() {
    return new LinkedHashMap<>();
  }
}
