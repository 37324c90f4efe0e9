package dev.llmux.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which other model groups are tried when a model group fails (after its retries). Immutable and
 * thread-safe. YAML: {@code routing.fallback_enabled}, {@code fallbacks}, {@code
 * context_window_fallbacks}, {@code content_policy_fallbacks}, {@code max_fallbacks} (LiteLLM: the
 * same names in {@code router_settings} / {@code litellm_settings}).
 *
 * <pre>{@code
 * FallbackConfig fallback = FallbackConfig.custom()
 *     .fallbacks("gpt-4o", List.of("claude-sonnet", "gemini-pro"))
 *     .contextWindowFallbacks("gpt-4o-mini", List.of("gpt-4o"))
 *     .build();
 * LlmRouter.builder().fallback(fallback)...
 * }</pre>
 *
 * <p>A fallback map goes from a model group (the group name, or the model the caller asked for,
 * e.g. an alias; {@code *} in {@link #fallbacks()} stands for any group) to the groups to try, in
 * order. Group names are not checked against the configured groups (groups can be added at
 * runtime). Bad requests never fall back.
 */
public final class FallbackConfig {

  private static final FallbackConfig DEFAULTS = custom().build();

  private final boolean enabled;
  private final Map<String, List<String>> fallbacks;
  private final Map<String, List<String>> contextWindowFallbacks;
  private final Map<String, List<String>> contentPolicyFallbacks;
  private final int maxFallbacks;

  private FallbackConfig(Builder b) {
    enabled = b.enabled;
    fallbacks = Checks.groupLists(b.fallbacks, "fallbacks");
    contextWindowFallbacks = Checks.groupLists(b.contextWindowFallbacks, "contextWindowFallbacks");
    contentPolicyFallbacks = Checks.groupLists(b.contentPolicyFallbacks, "contentPolicyFallbacks");
    maxFallbacks = b.maxFallbacks;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default. */
  public static FallbackConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.enabled = enabled;
    b.fallbacks.putAll(fallbacks);
    b.contextWindowFallbacks.putAll(contextWindowFallbacks);
    b.contentPolicyFallbacks.putAll(contentPolicyFallbacks);
    b.maxFallbacks = maxFallbacks;
    return b;
  }

  /**
   * Whether fallbacks are tried at all (a request can also turn them off for itself). Default true.
   */
  public boolean enabled() {
    return enabled;
  }

  /** Model group to the groups tried, in order, when it fails. Default empty. */
  public Map<String, List<String>> fallbacks() {
    return fallbacks;
  }

  /**
   * Model group to the groups tried when the prompt does not fit its context window; without an
   * entry, {@link #fallbacks()} apply. Default empty.
   */
  public Map<String, List<String>> contextWindowFallbacks() {
    return contextWindowFallbacks;
  }

  /**
   * Model group to the groups tried when it refuses the request on content-policy grounds; without
   * an entry, {@link #fallbacks()} apply. Default empty.
   */
  public Map<String, List<String>> contentPolicyFallbacks() {
    return contentPolicyFallbacks;
  }

  /** Most fallback groups one request may try. At least 0; default 5. */
  public int maxFallbacks() {
    return maxFallbacks;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FallbackConfig c
        && enabled == c.enabled
        && fallbacks.equals(c.fallbacks)
        && contextWindowFallbacks.equals(c.contextWindowFallbacks)
        && contentPolicyFallbacks.equals(c.contentPolicyFallbacks)
        && maxFallbacks == c.maxFallbacks;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enabled, fallbacks, contextWindowFallbacks, contentPolicyFallbacks, maxFallbacks);
  }

  @Override
  public String toString() {
    return "FallbackConfig{enabled="
        + enabled
        + ", fallbacks="
        + fallbacks
        + ", contextWindowFallbacks="
        + contextWindowFallbacks
        + ", contentPolicyFallbacks="
        + contentPolicyFallbacks
        + ", maxFallbacks="
        + maxFallbacks
        + "}";
  }

  /**
   * Builder of {@link FallbackConfig}, starting from the defaults. Each setter rejects an invalid
   * value at once with an {@link IllegalArgumentException} naming the setting; the accessors of
   * {@link FallbackConfig} document each setting.
   */
  public static final class Builder {
    private boolean enabled = true;
    private final Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    private final Map<String, List<String>> contextWindowFallbacks = new LinkedHashMap<>();
    private final Map<String, List<String>> contentPolicyFallbacks = new LinkedHashMap<>();
    private int maxFallbacks = 5;

    private Builder() {}

    /** See {@link FallbackConfig#enabled()}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Sets the fallbacks of one model group; see {@link FallbackConfig#fallbacks()}. */
    public Builder fallbacks(String modelGroup, List<String> fallbackGroups) {
      put(fallbacks, modelGroup, fallbackGroups, "fallbacks");
      return this;
    }

    /** Replaces every fallback; see {@link FallbackConfig#fallbacks()}. */
    public Builder fallbacks(Map<String, List<String>> byModelGroup) {
      replace(fallbacks, byModelGroup, "fallbacks");
      return this;
    }

    /** Sets the context-window fallbacks of one model group. */
    public Builder contextWindowFallbacks(String modelGroup, List<String> fallbackGroups) {
      put(contextWindowFallbacks, modelGroup, fallbackGroups, "contextWindowFallbacks");
      return this;
    }

    /** Replaces every context-window fallback. */
    public Builder contextWindowFallbacks(Map<String, List<String>> byModelGroup) {
      replace(contextWindowFallbacks, byModelGroup, "contextWindowFallbacks");
      return this;
    }

    /** Sets the content-policy fallbacks of one model group. */
    public Builder contentPolicyFallbacks(String modelGroup, List<String> fallbackGroups) {
      put(contentPolicyFallbacks, modelGroup, fallbackGroups, "contentPolicyFallbacks");
      return this;
    }

    /** Replaces every content-policy fallback. */
    public Builder contentPolicyFallbacks(Map<String, List<String>> byModelGroup) {
      replace(contentPolicyFallbacks, byModelGroup, "contentPolicyFallbacks");
      return this;
    }

    /** See {@link FallbackConfig#maxFallbacks()}. */
    public Builder maxFallbacks(int max) {
      maxFallbacks = Checks.atLeast(max, 0, "maxFallbacks");
      return this;
    }

    /** The configuration. */
    public FallbackConfig build() {
      return new FallbackConfig(this);
    }

    private static void put(
        Map<String, List<String>> map, String group, List<String> targets, String setting) {
      map.put(
          Checks.name(group, setting + " model group"),
          List.copyOf(Objects.requireNonNull(targets, setting)));
    }

    private static void replace(
        Map<String, List<String>> map, Map<String, List<String>> with, String setting) {
      Map<String, List<String>> copy = Checks.groupLists(with, setting);
      map.clear();
      map.putAll(copy);
    }
  }
}
