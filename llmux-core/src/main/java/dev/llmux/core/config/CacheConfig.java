package dev.llmux.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Response cache settings (the {@code cache} section).
 *
 * @param enabled whether responses are cached at all; default false
 * @param type where entries live: {@code local} (in-process), {@code redis} (shared) or {@code dual}
 *     (local in front of redis); default {@code local}
 * @param ttl how long an entry stays valid; default 1 hour
 * @param namespace prefix isolating this router's keys in a shared store; null for none
 * @param maxEntries maximum number of entries in the local cache; default 10 000
 * @param maxBytes maximum total size of the local cache in bytes; default 64 MiB
 * @param mode {@code default-on} (cache unless the request opts out) or {@code opt-in} (only when
 *     the request asks); default {@code default-on}
 */
public record CacheConfig(
    boolean enabled,
    String type,
    Duration ttl,
    String namespace,
    long maxEntries,
    long maxBytes,
    String mode) {

  /** Cache types understood by the router. */
  public static final java.util.List<String> TYPES = java.util.List.of("local", "redis", "dual");

  /** Cache modes understood by the router. */
  public static final java.util.List<String> MODES = java.util.List.of("default-on", "opt-in");

  /** Validates the values; every argument but {@code namespace} is required. */
  public CacheConfig {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(mode, "mode");
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("cache type must be one of " + TYPES + ": " + type);
    }
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("cache mode must be one of " + MODES + ": " + mode);
    }
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("cache ttl must not be negative: " + ttl);
    }
    if (maxEntries < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("cache max_entries and max_bytes must not be negative");
    }
  }

  /** The defaults: disabled, local, 1 hour, no namespace, 10 000 entries, 64 MiB, default-on. */
  public static CacheConfig defaults() {
    return new CacheConfig(
        false, "local", Duration.ofHours(1), null, 10_000L, 64L * 1024 * 1024, "default-on");
  }
}
