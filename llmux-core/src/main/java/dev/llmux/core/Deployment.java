package dev.llmux.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
  private final String model;
  private final Double weight;
  private final Integer rpm;
  private final Integer tpm;
  private final int order;
  private final List<String> tags;
  private final Duration timeout;
  private final Duration connectTimeout;
  private final Duration firstChunkTimeout;
  private final Integer maxInputTokens;
  private final Integer maxOutputTokens;
  private final Double inputCostPerToken;
  private final Double outputCostPerToken;
  private final Double cachedInputCostPerToken;
  private final Double reasoningCostPerToken;
  private final Integer maxRetries;

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
  public String model() {
    return model;
  }

  /** Routing weight for simple-shuffle, or {@code null}. */
  public Double weight() {
    return weight;
  }

  /** Requests per minute this deployment accepts, or {@code null} for no limit. */
  public Integer rpm() {
    return rpm;
  }

  /** Tokens per minute this deployment accepts, or {@code null} for no limit. */
  public Integer tpm() {
    return tpm;
  }

  /**
   * Priority tier: lower first; higher tiers serve only when no lower one is healthy. Default 0.
   */
  public int order() {
    return order;
  }

  public List<String> tags() {
    return tags;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration firstChunkTimeout() {
    return firstChunkTimeout;
  }

  public Integer maxInputTokens() {
    return maxInputTokens;
  }

  public Integer maxOutputTokens() {
    return maxOutputTokens;
  }

  public Double inputCostPerToken() {
    return inputCostPerToken;
  }

  public Double outputCostPerToken() {
    return outputCostPerToken;
  }

  /** Price of a cached prompt token, or {@code null} (the price table's, else the input price). */
  public Double cachedInputCostPerToken() {
    return cachedInputCostPerToken;
  }

  /** Price of a reasoning token, or {@code null} (the price table's, else the output price). */
  public Double reasoningCostPerToken() {
    return reasoningCostPerToken;
  }

  /**
   * Retries on this deployment's group when it served the failed attempt, or {@code null} for the
   * router's.
   */
  public Integer maxRetries() {
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
  public boolean equals(Object o) {
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
    private String id;
    private String modelGroup;
    private String provider;
    private String model;
    private Double weight;
    private Integer rpm;
    private Integer tpm;
    private Integer order;
    private List<String> tags;
    private Duration timeout;
    private Duration connectTimeout;
    private Duration firstChunkTimeout;
    private Integer maxInputTokens;
    private Integer maxOutputTokens;
    private Double inputCostPerToken;
    private Double outputCostPerToken;
    private Double cachedInputCostPerToken;
    private Double reasoningCostPerToken;
    private Integer maxRetries;

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

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder modelGroup(String modelGroup) {
      this.modelGroup = modelGroup;
      return this;
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** The upstream model name; {@code null} only for wildcard groups. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder weight(Double weight) {
      this.weight = weight;
      return this;
    }

    public Builder rpm(Integer rpm) {
      this.rpm = rpm;
      return this;
    }

    public Builder tpm(Integer tpm) {
      this.tpm = tpm;
      return this;
    }

    public Builder order(Integer order) {
      this.order = order;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder firstChunkTimeout(Duration firstChunkTimeout) {
      this.firstChunkTimeout = firstChunkTimeout;
      return this;
    }

    public Builder maxInputTokens(Integer maxInputTokens) {
      this.maxInputTokens = maxInputTokens;
      return this;
    }

    public Builder maxOutputTokens(Integer maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    public Builder inputCostPerToken(Double inputCostPerToken) {
      this.inputCostPerToken = inputCostPerToken;
      return this;
    }

    public Builder outputCostPerToken(Double outputCostPerToken) {
      this.outputCostPerToken = outputCostPerToken;
      return this;
    }

    public Builder cachedInputCostPerToken(Double cachedInputCostPerToken) {
      this.cachedInputCostPerToken = cachedInputCostPerToken;
      return this;
    }

    public Builder reasoningCostPerToken(Double reasoningCostPerToken) {
      this.reasoningCostPerToken = reasoningCostPerToken;
      return this;
    }

    public Builder maxRetries(Integer maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

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

    private void requireNonNegative(Double v, String name) {
      require(v == null || v >= 0, name + " must be >= 0");
    }

    private void requirePositive(Duration d, String name) {
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
