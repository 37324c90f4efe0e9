package dev.llmux.core.internal.config;

import dev.llmux.core.internal.config.YamlTree.Node;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The provider types and the type-specific settings each accepts, with their value kinds. Settings
 * reach {@link dev.llmux.api.spi.ProviderConfig#settings()} typed: strings as {@link String}, flags
 * as {@link Boolean}, integers as {@link Integer} or {@link Long}, rates as {@link Double},
 * durations as {@link java.time.Duration}, {@code headers} as a {@code Map<String, String>}.
 */
final class ProviderSettings {

  /** Provider types a configuration may name. */
  static final List<String> TYPES =
      List.of("openai", "azure", "openai-compatible", "anthropic", "gemini", "mock");

  private enum Kind {
    STRING,
    STRINGS_JOINED,
    BOOL,
    INT,
    LONG,
    RATE,
    DURATION,
    HEADERS
  }

  private static final Map<String, Map<String, Kind>> BY_TYPE =
      Map.of(
          "openai",
              Map.of(
                  "headers",
                  Kind.HEADERS,
                  "organization",
                  Kind.STRING,
                  "project",
                  Kind.STRING,
                  "stream_usage",
                  Kind.BOOL),
          "openai-compatible",
              Map.of(
                  "headers",
                  Kind.HEADERS,
                  "organization",
                  Kind.STRING,
                  "project",
                  Kind.STRING,
                  "stream_usage",
                  Kind.BOOL),
          "azure",
              Map.of(
                  "headers", Kind.HEADERS, "api_version", Kind.STRING, "stream_usage", Kind.BOOL),
          "anthropic",
              Map.of(
                  "headers",
                  Kind.HEADERS,
                  "anthropic_version",
                  Kind.STRING,
                  "anthropic_beta",
                  Kind.STRINGS_JOINED),
          "gemini", Map.of("headers", Kind.HEADERS, "api_version", Kind.STRING),
          "mock",
              Map.of(
                  "headers",
                  Kind.HEADERS,
                  "mode",
                  Kind.STRING,
                  "text",
                  Kind.STRING,
                  "latency",
                  Kind.DURATION,
                  "failure_rate",
                  Kind.RATE,
                  "failure_status",
                  Kind.INT,
                  "seed",
                  Kind.LONG,
                  "stream_chunks",
                  Kind.INT,
                  "chunk_delay",
                  Kind.DURATION));

  private static final Map<String, List<String>> ORDERED_KEYS =
      Map.of(
          "openai", List.of("headers", "organization", "project", "stream_usage"),
          "openai-compatible", List.of("headers", "organization", "project", "stream_usage"),
          "azure", List.of("headers", "api_version", "stream_usage"),
          "anthropic", List.of("headers", "anthropic_version", "anthropic_beta"),
          "gemini", List.of("headers", "api_version"),
          "mock",
              List.of(
                  "headers",
                  "mode",
                  "text",
                  "latency",
                  "failure_rate",
                  "failure_status",
                  "seed",
                  "stream_chunks",
                  "chunk_delay"));

  private ProviderSettings() {}

  /** The setting keys of {@code type}, in documentation order. */
  static List<String> keys(String type) {
    return Objects.requireNonNull(ORDERED_KEYS.get(type), type); // callers pass bundled types
  }

  /** Reads setting {@code key} of {@code type} from {@code node}; null when the value is null. */
  static @Nullable Object read(Reader r, String type, String key, Node node, String what) {
    // callers pass a bundled type and one of its keys
    Kind kind = Objects.requireNonNull(Objects.requireNonNull(BY_TYPE.get(type), type).get(key));
    return switch (kind) {
      case STRING -> r.string(node, what);
      case STRINGS_JOINED -> {
        List<String> values = r.strings(node, what);
        yield values.isEmpty() ? null : String.join(",", values);
      }
      case BOOL -> r.bool(node, what);
      case INT -> r.int32(node, what, 0);
      case LONG -> r.integer(node, what, Long.MIN_VALUE, Long.MAX_VALUE);
      case RATE -> r.number(node, what, 0, 1);
      case DURATION -> r.duration(node, what);
      case HEADERS -> {
        Map<String, String> h = r.stringMap(node, what);
        yield h.isEmpty() ? null : Collections.unmodifiableMap(h);
      }
    };
  }
}
