package dev.llmux.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the routing strategies and pre-call checks. Immutable; {@link #defaults()} or
 * {@link #builder()}; pass to {@link LlmRouter.Builder#routingOptions(RoutingOptions)}.
 *
 * <ul>
 *   <li>{@code latencyBuffer} (0.1): lowest-latency picks at random among deployments whose mean
 *       latency is within {@code best * (1 + buffer)}.
 *   <li>{@code latencyWindow} (10): latency samples kept per deployment and kind.
 *   <li>{@code latencyMaxAge} (1 h): older samples are ignored; a deployment without recent samples
 *       is explored again.
 *   <li>{@code latencyExploration} (0.02): probability that lowest-latency picks uniformly among all
 *       candidates, so that slow or penalised deployments get fresh measurements.
 *   <li>{@code failurePenaltyFactor} (2.0): a failed attempt (server error, connection error, rate
 *       limit) records a latency sample of this factor times the deployment's current mean; a timeout
 *       records the time it took (as if the call produced one token).
 *   <li>{@code unknownPrice} ({@link UnknownPrice#LAST}): how lowest-cost ranks a deployment with no price.
 *   <li>{@code expectedOutputTokens} (256): output tokens lowest-cost assumes when the request sets no
 *       {@code max_completion_tokens} / {@code max_tokens}.
 *   <li>{@code tagMatch} ({@link TagMatch#OFF}): tag-based filtering of deployments.
 *   <li>{@code contextWindowCheck} (true): drop deployments whose max input tokens are below the
 *       prompt's token count.
 *   <li>{@code enforceDeploymentLimits} (true): drop deployments at their own rpm/tpm for the current
 *       minute (and reserve the request atomically on the chosen one).
 * </ul>
 */
public final class RoutingOptions {
  /** How lowest-cost ranks a deployment whose price is unknown. */
  public enum UnknownPrice {
    /** After every priced deployment (picked only when none is priced). */
    LAST,
    /** As if it were free (picked first). */
    FREE
  }

  /** Tag filtering of deployments by the request's tags. */
  public enum TagMatch {
    /** No filtering: tags are only recorded. */
    OFF,
    /** A deployment serves a tagged request when it has at least one of the request's tags. */
    ANY,
    /** A deployment serves a tagged request when it has every one of the request's tags. */
    ALL
  }

  private static final RoutingOptions DEFAULTS = builder().build();

  private final double latencyBuffer;
  private final int latencyWindow;
  private final Duration latencyMaxAge;
  private final double latencyExploration;
  private final double failurePenaltyFactor;
  private final UnknownPrice unknownPrice;
  private final int expectedOutputTokens;
  private final TagMatch tagMatch;
  private final boolean contextWindowCheck;
  private final boolean enforceDeploymentLimits;

  private RoutingOptions(Builder b) {
    latencyBuffer = b.latencyBuffer;
    latencyWindow = b.latencyWindow;
    latencyMaxAge = b.latencyMaxAge;
    latencyExploration = b.latencyExploration;
    failurePenaltyFactor = b.failurePenaltyFactor;
    unknownPrice = b.unknownPrice;
    expectedOutputTokens = b.expectedOutputTokens;
    tagMatch = b.tagMatch;
    contextWindowCheck = b.contextWindowCheck;
    enforceDeploymentLimits = b.enforceDeploymentLimits;
  }

  public static RoutingOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.latencyBuffer = latencyBuffer;
    b.latencyWindow = latencyWindow;
    b.latencyMaxAge = latencyMaxAge;
    b.latencyExploration = latencyExploration;
    b.failurePenaltyFactor = failurePenaltyFactor;
    b.unknownPrice = unknownPrice;
    b.expectedOutputTokens = expectedOutputTokens;
    b.tagMatch = tagMatch;
    b.contextWindowCheck = contextWindowCheck;
    b.enforceDeploymentLimits = enforceDeploymentLimits;
    return b;
  }

  public double latencyBuffer() { return latencyBuffer; }
  public int latencyWindow() { return latencyWindow; }
  public Duration latencyMaxAge() { return latencyMaxAge; }
  public double latencyExploration() { return latencyExploration; }
  public double failurePenaltyFactor() { return failurePenaltyFactor; }
  public UnknownPrice unknownPrice() { return unknownPrice; }
  public int expectedOutputTokens() { return expectedOutputTokens; }
  public TagMatch tagMatch() { return tagMatch; }
  public boolean contextWindowCheck() { return contextWindowCheck; }
  public boolean enforceDeploymentLimits() { return enforceDeploymentLimits; }

  /** Builder of {@link RoutingOptions}; setters validate. */
  public static final class Builder {
    private double latencyBuffer = 0.1;
    private int latencyWindow = 10;
    private Duration latencyMaxAge = Duration.ofHours(1);
    private double latencyExploration = 0.02;
    private double failurePenaltyFactor = 2.0;
    private UnknownPrice unknownPrice = UnknownPrice.LAST;
    private int expectedOutputTokens = 256;
    private TagMatch tagMatch = TagMatch.OFF;
    private boolean contextWindowCheck = true;
    private boolean enforceDeploymentLimits = true;

    private Builder() {}

    public Builder latencyBuffer(double v) {
      check(v >= 0 && v <= 10, "latencyBuffer must be in [0, 10]");
      latencyBuffer = v;
      return this;
    }

    public Builder latencyWindow(int v) {
      check(v >= 1 && v <= 1000, "latencyWindow must be in [1, 1000]");
      latencyWindow = v;
      return this;
    }

    public Builder latencyMaxAge(Duration v) {
      check(v != null && !v.isNegative() && !v.isZero(), "latencyMaxAge must be positive");
      latencyMaxAge = v;
      return this;
    }

    public Builder latencyExploration(double v) {
      check(v >= 0 && v <= 1, "latencyExploration must be in [0, 1]");
      latencyExploration = v;
      return this;
    }

    public Builder failurePenaltyFactor(double v) {
      check(v >= 1, "failurePenaltyFactor must be >= 1");
      failurePenaltyFactor = v;
      return this;
    }

    public Builder unknownPrice(UnknownPrice v) {
      unknownPrice = Objects.requireNonNull(v, "unknownPrice");
      return this;
    }

    public Builder expectedOutputTokens(int v) {
      check(v >= 0, "expectedOutputTokens must be >= 0");
      expectedOutputTokens = v;
      return this;
    }

    public Builder tagMatch(TagMatch v) {
      tagMatch = Objects.requireNonNull(v, "tagMatch");
      return this;
    }

    public Builder contextWindowCheck(boolean v) {
      contextWindowCheck = v;
      return this;
    }

    public Builder enforceDeploymentLimits(boolean v) {
      enforceDeploymentLimits = v;
      return this;
    }

    public RoutingOptions build() {
      return new RoutingOptions(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
