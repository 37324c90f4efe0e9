package dev.llmux.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Response cache settings. Immutable and thread-safe. YAML: the {@code cache} section (LiteLLM:
 * {@code litellm_settings.cache} / {@code cache_params}).
 *
 * <pre>{@code
 * CacheConfig cache = CacheConfig.custom()
 *     .enabled(true)
 *     .ttl(Duration.ofMinutes(10))
 *     .mode("opt-in")
 *     .build();
 * LlmRouter.builder().cache(cache)...
 * }</pre>
 *
 * <p>{@link #enabled()} turns the cache on through these settings; a store passed to {@code
 * LlmRouter.Builder.cache(CacheStore)} turns it on too, and then {@link #type()}, {@link
 * #maxEntries()} and {@link #maxBytes()} (which describe the store) do not apply.
 */
public final class CacheConfig {

  /** The cache types: where entries live. */
  public static final List<String> TYPES = List.of("local", "redis", "dual");

  /** The cache modes: which requests use the cache. */
  public static final List<String> MODES = List.of("default-on", "opt-in");

  private static final CacheConfig DEFAULTS = custom().build();

  private final boolean enabled;
  private final String type;
  private final Duration ttl;
  private final @Nullable String namespace;
  private final long maxEntries;
  private final long maxBytes;
  private final String mode;

  private CacheConfig(Builder b) {
    enabled = b.enabled;
    type = b.type;
    ttl = b.ttl;
    namespace = b.namespace;
    maxEntries = b.maxEntries;
    maxBytes = b.maxBytes;
    mode = b.mode;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default (the cache off). */
  public static CacheConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.type = type;
    b.ttl = ttl;
    b.namespace = namespace;
    b.maxEntries = maxEntries;
    b.maxBytes = maxBytes;
    b.mode = mode;
    return b;
  }

  /**
   * Whether responses are cached: the router then creates the {@code local} store itself, and a
   * {@code redis} or {@code dual} one must be given to the builder. Default false.
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Where entries live: {@code local} (in this process), {@code redis} (shared; needs the
   * llmux-redis module) or {@code dual} (local in front of Redis). Default {@code local}.
   */
  public String type() {
    return type;
  }

  /** How long an entry stays valid unless the request says otherwise. Positive; default 1 hour. */
  public Duration ttl() {
    return ttl;
  }

  /** Key prefix isolating this router's entries in a shared store; null means {@code default}. */
  public @Nullable String namespace() {
    return namespace;
  }

  /** Most entries of the local store. At least 0; default 10 000. */
  public long maxEntries() {
    return maxEntries;
  }

  /** Most bytes of the local store. At least 0; default 64 MiB. */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Which requests use the cache: {@code default-on} (every request unless it opts out) or {@code
   * opt-in} (only those that ask, {@code "cache": {"use-cache": true}}). Default {@code
   * default-on}.
   */
  public String mode() {
    return mode;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CacheConfig c
        && enabled == c.enabled
        && type.equals(c.type)
        && ttl.equals(c.ttl)
        && Objects.equals(namespace, c.namespace)
        && maxEntries == c.maxEntries
        && maxBytes == c.maxBytes
        && mode.equals(c.mode);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, type, ttl, namespace, maxEntries, maxBytes, mode);
  }

  @Override
  public String toString() {
    return "CacheConfig{enabled="
        + enabled
        + ", type="
        + type
        + ", ttl="
        + ttl
        + ", namespace="
        + namespace
        + ", maxEntries="
        + maxEntries
        + ", maxBytes="
        + maxBytes
        + ", mode="
        + mode
        + "}";
  }

  /**
   * Builder of {@link CacheConfig}, starting from the defaults. Each setter rejects an invalid
   * value at once with an {@link IllegalArgumentException} naming the setting; the accessors of
   * {@link CacheConfig} document each setting.
   */
  public static final class Builder {
    private boolean enabled;
    private String type = TYPES.get(0);
    private Duration ttl = Duration.ofHours(1);
    private @Nullable String namespace;
    private long maxEntries = 10_000L;
    private long maxBytes = 64L * 1024 * 1024;
    private String mode = MODES.get(0);

    private Builder() {}

    /** See {@link CacheConfig#enabled()}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** See {@link CacheConfig#type()}. */
    public Builder type(String type) {
      this.type = oneOf(type, TYPES, "type");
      return this;
    }

    /** See {@link CacheConfig#ttl()}. */
    public Builder ttl(Duration ttl) {
      this.ttl = Checks.positive(ttl, "ttl");
      return this;
    }

    /** See {@link CacheConfig#namespace()}; null for none. */
    public Builder namespace(@Nullable String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** See {@link CacheConfig#maxEntries()}. */
    public Builder maxEntries(long entries) {
      maxEntries = Checks.atLeast(entries, 0L, "maxEntries");
      return this;
    }

    /** See {@link CacheConfig#maxBytes()}. */
    public Builder maxBytes(long bytes) {
      maxBytes = Checks.atLeast(bytes, 0L, "maxBytes");
      return this;
    }

    /** See {@link CacheConfig#mode()}. */
    public Builder mode(String mode) {
      this.mode = oneOf(mode, MODES, "mode");
      return this;
    }

    /** The configuration. */
    public CacheConfig build() {
      return new CacheConfig(this);
    }

    private static String oneOf(String value, List<String> allowed, String setting) {
      if (!allowed.contains(value)) {
        throw new IllegalArgumentException(
            setting + " must be one of " + String.join(", ", allowed) + ", got " + value);
      }
      return value;
    }
  }
}
