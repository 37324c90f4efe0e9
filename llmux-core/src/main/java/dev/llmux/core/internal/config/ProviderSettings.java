package dev.llmux.core.internal.config;

import dev.llmux.api.spi.ProviderFactory;
import dev.llmux.api.spi.ProviderSetting;
import dev.llmux.core.internal.config.YamlTree.Node;
import dev.llmux.core.internal.routing.ProviderRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The provider types on the class path and the settings each describes ({@link
 * ProviderFactory#settings()}), read from a configuration file with the value checks of their
 * {@link ProviderSetting.Kind}. Settings reach {@link dev.llmux.api.spi.ProviderConfig#settings()}
 * typed: strings as {@link String}, lists as {@code List<String>}, flags as {@link Boolean}, whole
 * numbers as {@link Long}, numbers as {@link Double}, durations as {@link java.time.Duration}, maps
 * as {@code Map<String, String>}. There is no list of types here: a jar that adds a {@code
 * ProviderFactory} adds its type and settings to the file format.
 */
final class ProviderSettings {

  private ProviderSettings() {}

  /** The provider types a configuration may name (those on the class path), sorted. */
  static List<String> types() {
    return List.copyOf(ProviderRegistry.factories().keySet());
  }

  /** Whether a factory for {@code type} is on the class path. */
  static boolean known(String type) {
    return ProviderRegistry.factories().containsKey(type);
  }

  /** The settings {@code type} describes, in documentation order; empty for an unknown type. */
  static List<ProviderSetting> of(String type) {
    ProviderFactory f = ProviderRegistry.factories().get(type);
    return f == null ? List.of() : f.settings();
  }

  /** The setting keys of {@code type}, in documentation order. */
  static List<String> keys(String type) {
    List<String> keys = new ArrayList<>();
    for (ProviderSetting s : of(type)) {
      keys.add(s.name());
    }
    return keys;
  }

  /**
   * Reads {@code setting} from {@code node}; null when the value is null (or an empty list/map).
   */
  static @Nullable Object read(Reader r, ProviderSetting setting, Node node, String what) {
    return switch (setting.kind()) {
      case STRING -> r.string(node, what);
      case STRING_LIST -> {
        List<String> values = r.strings(node, what);
        yield values.isEmpty() ? null : List.copyOf(values);
      }
      case BOOLEAN -> r.bool(node, what);
      case INTEGER -> r.integer(node, what, Long.MIN_VALUE, Long.MAX_VALUE);
      case NUMBER -> r.number(node, what, -Double.MAX_VALUE, Double.MAX_VALUE);
      case DURATION -> r.duration(node, what);
      case STRING_MAP -> {
        Map<String, String> m = r.stringMap(node, what);
        yield m.isEmpty() ? null : Collections.unmodifiableMap(m);
      }
    };
  }
}
