package dev.llmux.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One concrete upstream a model group routes to: a provider instance, the upstream model name, and
 * this deployment's own routing settings. Immutable; build with {@link #builder(String, String)}.
 *
 * <p>Settings left {@code null} fall back to the router's defaults (timeouts, retries) or mean "no
 * limit" (rpm, tpm, max input tokens) or "unknown" (prices).
 */
public final class Deployment {
  private final String id;
  private final String modelGroup;
  private final String provider;
  private final @Nullable String model;
  private final @Nullable Double weight;
  private final @Nullable Integer rpm;
  private final @Nullable Integer tpm;
  private final int order;
  private final List<String> tags;
  private final @Nullable Duration timeout;
  private final @Nullable Duration connectTimeout;
  private final @Nullable Duration firstChunkTimeout;
  private final @Nullable Integer maxInputTokens;
  private final @Nullable Integer maxOutputTokens;
  private final @Nullable Double inputCostPerToken;
  private final @Nullable Double outputCostPerToken;
  private final @Nullable Double cachedInputCostPerToken;
  private final @Nullable Double reasoningCostPerToken;
  private final @Nullable Integer maxRetries;

  private Deployment(Builder b) {
    this.id = b.id != null ? b.id : b.provider + "/" + (b.model != null ? b.model : "*");
    this.modelGroup = b.modelGroup;
    this.provider = b.provider;
    this.model = b.model;
    this.weight = b.weight;
    this.rpm = b.rpm;
    this.tpm = b.tpm;
    this.order = b.order == null ? 0 : b.order;
    this.tags = b.tags == null ? List.of() : List.copyOf(b.tags);
    this.timeout = b.timeout;
    this.connectTimeout = b.connectTimeout;
    this.firstChunkTimeout = b.firstChunkTimeout;
    this.maxInputTokens = b.maxInputTokens;
    this.maxOutputTokens = b.maxOutputTokens;
    this.inputCostPerToken = b.inputCostPerToken;
    this.outputCostPerToken = b.outputCostPerToken;
    this.cachedInputCostPerToken = b.cachedInputCostPerToken;
    this.reasoningCostPerToken = b.reasoningCostPerToken;
    this.maxRetries = b.maxRetries;
  }

  /**
   * A builder for a deployment of {@code modelGroup} served by the provider instance named {@code
   * provider}. The upstream model defaults to the model group's name.
   */
  public static Builder builder(String modelGroup, String provider) {
    return new Builder(modelGroup, provider);
  }

  /** A builder holding this deployment's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Unique id; defaults to {@code provider/model}. */
  public String id() {
    return id;
  }

  /** The model group callers ask for; may be a wildcard such as {@code openai/*}. */
  public String modelGroup() {
    return modelGroup;
  }

  /** The provider instance name. */
  public String provider() {
    return provider;
  }

  /**
   * The upstream model name; {@code null} for a wildcard deployment (the caller's model passes
   * through).
   */
  public @Nullable String model() {
    return model;
  }

  /** Routing weight for simple-shuffle, or {@code null}. */
  public @Nullable Double weight() {
    return weight;
  }

  /** Requests per minute this deployment accepts, or {@code null} for no limit. */
  public @Nullable Integer rpm() {
    return rpm;
  }

  /** Tokens per minute this deployment accepts, or {@code null} for no limit. */
  public @Nullable Integer tpm() {
    return tpm;
  }

  /**
   * Priority tier: lower first; higher tiers serve only when no lower one is healthy. Default 0.
   */
  public int order() {
    return order;
  }

  /** Tags for request tag filtering (never null). */
  public List<String> tags() {
    return tags;
  }

  /** The per-attempt timeout, or {@code null} for the router's. */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /** The connect timeout, or {@code null} for the router's. */
  public @Nullable Duration connectTimeout() {
    return connectTimeout;
  }

  /** The time allowed until a stream's first chunk, or {@code null} for the router's. */
  public @Nullable Duration firstChunkTimeout() {
    return firstChunkTimeout;
  }

  /** The context window in tokens, or {@code null} when unknown. */
  public @Nullable Integer maxInputTokens() {
    return maxInputTokens;
  }

  /** The most output tokens the model produces, or {@code null} when unknown. */
  public @Nullable Integer maxOutputTokens() {
    return maxOutputTokens;
  }

  /** The USD price of an input token, or {@code null} for the price table's. */
  public @Nullable Double inputCostPerToken() {
    return inputCostPerToken;
  }

  /** The USD price of an output token, or {@code null} for the price table's. */
  public @Nullable Double outputCostPerToken() {
    return outputCostPerToken;
  }

  /** Price of a cached prompt token, or {@code null} (the price table's, else the input price). */
  public @Nullable Double cachedInputCostPerToken() {
    return cachedInputCostPerToken;
  }

  /** Price of a reasoning token, or {@code null} (the price table's, else the output price). */
  public @Nullable Double reasoningCostPerToken() {
    return reasoningCostPerToken;
  }

  /**
   * Retries on this deployment's group when it served the failed attempt, or {@code null} for the
   * router's.
   */
  public @Nullable Integer maxRetries() {
    return maxRetries;
  }

  /**
   * Whether this deployment passes the caller's model through (its model group ends with {@code
   * *}).
   */
  public boolean isWildcard() {
    return modelGroup.endsWith("*");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Deployment d && id.equals(d.id) && Objects.equals(model, d.model);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Deployment["
        + id
        + " group="
        + modelGroup
        + " provider="
        + provider
        + " model="
        + model
        + "]";
  }

  /** Builder of {@link Deployment}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String id;
    private String modelGroup;
    private String provider;
    private @Nullable String model;
    private @Nullable Double weight;
    private @Nullable Integer rpm;
    private @Nullable Integer tpm;
    private @Nullable Integer order;
    private @Nullable List<String> tags;
    private @Nullable Duration timeout;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration firstChunkTimeout;
    private @Nullable Integer maxInputTokens;
    private @Nullable Integer maxOutputTokens;
    private @Nullable Double inputCostPerToken;
    private @Nullable Double outputCostPerToken;
    private @Nullable Double cachedInputCostPerToken;
    private @Nullable Double reasoningCostPerToken;
    private @Nullable Integer maxRetries;

    private Builder(String modelGroup, String provider) {
      this.modelGroup = modelGroup;
      this.provider = provider;
    }

    private Builder(Deployment d) {
      id = d.id;
      modelGroup = d.modelGroup;
      provider = d.provider;
      model = d.model;
      weight = d.weight;
      rpm = d.rpm;
      tpm = d.tpm;
      order = d.order;
      tags = d.tags;
      timeout = d.timeout;
      connectTimeout = d.connectTimeout;
      firstChunkTimeout = d.firstChunkTimeout;
      maxInputTokens = d.maxInputTokens;
      maxOutputTokens = d.maxOutputTokens;
      inputCostPerToken = d.inputCostPerToken;
      outputCostPerToken = d.outputCostPerToken;
      cachedInputCostPerToken = d.cachedInputCostPerToken;
      reasoningCostPerToken = d.reasoningCostPerToken;
      maxRetries = d.maxRetries;
    }

    /** The deployment's id; default {@code <provider>/<model>}. */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /** The model group this deployment serves (what callers ask for). */
    public Builder modelGroup(String modelGroup) {
      this.modelGroup = modelGroup;
      return this;
    }

    /** The provider instance that serves it (a {@code ProviderConfig} name). */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** The upstream model name; {@code null} only for wildcard groups. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** Relative weight for {@code simple-shuffle}; default 1. */
    public Builder weight(@Nullable Double weight) {
      this.weight = weight;
      return this;
    }

    /** Requests per minute this deployment accepts; {@code null} for no limit. */
    public Builder rpm(@Nullable Integer rpm) {
      this.rpm = rpm;
      return this;
    }

    /** Tokens per minute this deployment accepts; {@code null} for no limit. */
    public Builder tpm(@Nullable Integer tpm) {
      this.tpm = tpm;
      return this;
    }

    /** Priority tier: lower tiers are tried first; {@code null} for none. */
    public Builder order(@Nullable Integer order) {
      this.order = order;
      return this;
    }

    /** Tags for request tag filtering. */
    public Builder tags(@Nullable List<String> tags) {
      this.tags = tags;
      return this;
    }

    /** The per-attempt timeout; {@code null} for the router's. */
    public Builder timeout(@Nullable Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The connect timeout; {@code null} for the router's. */
    public Builder connectTimeout(@Nullable Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The time allowed until a stream's first chunk; {@code null} for the router's. */
    public Builder firstChunkTimeout(@Nullable Duration firstChunkTimeout) {
      this.firstChunkTimeout = firstChunkTimeout;
      return this;
    }

    /** The context window in tokens, for pre-call checks; {@code null} when unknown. */
    public Builder maxInputTokens(@Nullable Integer maxInputTokens) {
      this.maxInputTokens = maxInputTokens;
      return this;
    }

    /** The most output tokens the model produces; {@code null} when unknown. */
    public Builder maxOutputTokens(@Nullable Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /** The USD price of an input token; {@code null} for the price table's. */
    public Builder inputCostPerToken(@Nullable Double inputCostPerToken) {
      this.inputCostPerToken = inputCostPerToken;
      return this;
    }

    /** The USD price of an output token; {@code null} for the price table's. */
    public Builder outputCostPerToken(@Nullable Double outputCostPerToken) {
      this.outputCostPerToken = outputCostPerToken;
      return this;
    }

    /** The USD price of a cached input token; {@code null} for the price table's. */
    public Builder cachedInputCostPerToken(@Nullable Double cachedInputCostPerToken) {
      this.cachedInputCostPerToken = cachedInputCostPerToken;
      return this;
    }

    /** The USD price of a reasoning token; {@code null} for the price table's. */
    public Builder reasoningCostPerToken(@Nullable Double reasoningCostPerToken) {
      this.reasoningCostPerToken = reasoningCostPerToken;
      return this;
    }

    /** Retries for this deployment; {@code null} for the router's retry count. */
    public Builder maxRetries(@Nullable Integer maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** The deployment. */
    public Deployment build() {
      require(modelGroup != null && !modelGroup.isBlank(), "modelGroup is required");
      require(provider != null && !provider.isBlank(), "provider is required");
      if (model == null && !modelGroup.endsWith("*")) {
        model = modelGroup;
      }
      require(weight == null || weight >= 0, "weight must be >= 0");
      require(rpm == null || rpm > 0, "rpm must be > 0");
      require(tpm == null || tpm > 0, "tpm must be > 0");
      require(maxRetries == null || maxRetries >= 0, "maxRetries must be >= 0");
      require(maxInputTokens == null || maxInputTokens > 0, "maxInputTokens must be > 0");
      requireNonNegative(inputCostPerToken, "inputCostPerToken");
      requireNonNegative(outputCostPerToken, "outputCostPerToken");
      requireNonNegative(cachedInputCostPerToken, "cachedInputCostPerToken");
      requireNonNegative(reasoningCostPerToken, "reasoningCostPerToken");
      requirePositive(timeout, "timeout");
      requirePositive(connectTimeout, "connectTimeout");
      requirePositive(firstChunkTimeout, "firstChunkTimeout");
      return new Deployment(this);
    }

    private void requireNonNegative(@Nullable Double v, String name) {
      require(v == null || v >= 0, name + " must be >= 0");
    }

    private void requirePositive(@Nullable Duration d, String name) {
      require(d == null || (!d.isNegative() && !d.isZero()), name + " must be positive");
    }

    private void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(
            "deployment " + (id != null ? id : modelGroup) + ": " + message);
      }
    }
  }
}
