package dev.llmux.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the router picks a deployment among the healthy candidates of a model group: the strategy,
 * and the settings of the built-in strategies and of the pre-call checks. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * RoutingConfig routing = RoutingConfig.custom()
 *     .strategy("lowest-latency")
 *     .latencyBuffer(0.2)
 *     .tagMatch(RoutingConfig.TagMatch.ANY)
 *     .build();
 * LlmRouter.builder().routing(routing)...
 * }</pre>
 *
 * <p>In a configuration file the strategy ({@code routing.strategy}, LiteLLM's {@code
 * router_settings.routing_strategy}; {@code tag-based} is the default strategy with tag filtering),
 * tag filtering ({@code routing.tag_filtering}, LiteLLM's {@code enable_tag_filtering}) and {@code
 * routing.distributed} have keys; the other settings keep their defaults there.
 */
public final class RoutingConfig {

  /** The names of the built-in strategies, the first being the default. */
  public static final List<String> STRATEGIES =
      List.of(
          "simple-shuffle",
          "round-robin",
          "lowest-latency",
          "least-busy",
          "lowest-tpm-rpm",
          "lowest-cost");

  /** How {@code lowest-cost} ranks a deployment whose price is unknown. */
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

  private static final RoutingConfig DEFAULTS = custom().build();

  private final String strategy;
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
  private final @Nullable Boolean distributed;

  private RoutingConfig(Builder b) {
    strategy = b.strategy;
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
    distributed = b.distributed;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Every setting at its default. */
  public static RoutingConfig ofDefaults() {
    return DEFAULTS;
  }

  /** A builder holding this configuration's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.strategy = strategy;
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
    b.distributed = distributed;
    return b;
  }

  /**
   * The strategy's name: one of {@link #STRATEGIES} or a name registered with {@code
   * LlmRouter.Builder.registerStrategy}. Any non-blank name is accepted here; an unknown one fails
   * when the router is built, listing the available names. Default {@code simple-shuffle}.
   */
  public String strategy() {
    return strategy;
  }

  /**
   * {@code lowest-latency} picks at random among the deployments whose median latency is at most
   * {@code best * (1 + latencyBuffer)} (and those with fewer than 3 recent samples, still being
   * measured). A fraction in [0, 10]; default 0.1.
   */
  public double latencyBuffer() {
    return latencyBuffer;
  }

  /**
   * Latency samples kept per deployment and kind (non-streamed, streamed); {@code lowest-latency}
   * compares their median. A deployment that turns slow leaves the fastest pool after at most
   * {@code latencyWindow / 2 + 1} slow answers. In [1, 1000]; default 10.
   */
  public int latencyWindow() {
    return latencyWindow;
  }

  /**
   * Latency samples older than this are ignored; a deployment without recent samples is explored
   * again. Positive; default 1 hour.
   */
  public Duration latencyMaxAge() {
    return latencyMaxAge;
  }

  /**
   * Probability that {@code lowest-latency} picks uniformly among all candidates, so that slow or
   * penalised deployments get fresh measurements. In [0, 1]; default 0.02.
   */
  public double latencyExploration() {
    return latencyExploration;
  }

  /**
   * A failed attempt (server error, connection error, rate limit) records a latency sample of this
   * factor times the deployment's current median; a timeout records the time it took. At least 1;
   * default 2.0.
   */
  public double failurePenaltyFactor() {
    return failurePenaltyFactor;
  }

  /**
   * How {@code lowest-cost} ranks a deployment with no price. Default {@link UnknownPrice#LAST}.
   */
  public UnknownPrice unknownPrice() {
    return unknownPrice;
  }

  /**
   * Output tokens {@code lowest-cost} assumes when the request sets neither {@code
   * max_completion_tokens} nor {@code max_tokens}. At least 0; default 256.
   */
  public int expectedOutputTokens() {
    return expectedOutputTokens;
  }

  /** Tag-based filtering of deployments by the request's tags. Default {@link TagMatch#OFF}. */
  public TagMatch tagMatch() {
    return tagMatch;
  }

  /**
   * Whether deployments whose max input tokens are below the prompt's token count are left out.
   * Default true.
   */
  public boolean contextWindowCheck() {
    return contextWindowCheck;
  }

  /**
   * Whether deployments at their own rpm/tpm for the current minute are left out (the request is
   * then reserved atomically on the chosen one). Default true.
   */
  public boolean enforceDeploymentLimits() {
    return enforceDeploymentLimits;
  }

  /**
   * Where routing state (latency statistics, in-flight counts, round-robin positions, cooldowns)
   * lives: {@code true} in the shared store (Redis, {@code llmux-redis}; an error without one),
   * {@code false} in this router's memory even when a shared store is configured, {@code null} (the
   * default, key absent) in the shared store when one is configured, else in memory. The router
   * itself does not read it: whoever wires the stores does ({@code LlmuxRedis.configure}, the
   * facade). The original LLMux's {@code routing.distributed}.
   */
  public @Nullable Boolean distributed() {
    return distributed;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RoutingConfig c
        && strategy.equals(c.strategy)
        && Double.compare(latencyBuffer, c.latencyBuffer) == 0
        && latencyWindow == c.latencyWindow
        && latencyMaxAge.equals(c.latencyMaxAge)
        && Double.compare(latencyExploration, c.latencyExploration) == 0
        && Double.compare(failurePenaltyFactor, c.failurePenaltyFactor) == 0
        && unknownPrice == c.unknownPrice
        && expectedOutputTokens == c.expectedOutputTokens
        && tagMatch == c.tagMatch
        && contextWindowCheck == c.contextWindowCheck
        && enforceDeploymentLimits == c.enforceDeploymentLimits
        && Objects.equals(distributed, c.distributed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        strategy,
        latencyBuffer,
        latencyWindow,
        latencyMaxAge,
        latencyExploration,
        failurePenaltyFactor,
        unknownPrice,
        expectedOutputTokens,
        tagMatch,
        contextWindowCheck,
        enforceDeploymentLimits,
        distributed);
  }

  @Override
  public String toString() {
    return "RoutingConfig{strategy="
        + strategy
        + ", latencyBuffer="
        + latencyBuffer
        + ", latencyWindow="
        + latencyWindow
        + ", latencyMaxAge="
        + latencyMaxAge
        + ", latencyExploration="
        + latencyExploration
        + ", failurePenaltyFactor="
        + failurePenaltyFactor
        + ", unknownPrice="
        + unknownPrice
        + ", expectedOutputTokens="
        + expectedOutputTokens
        + ", tagMatch="
        + tagMatch
        + ", contextWindowCheck="
        + contextWindowCheck
        + ", enforceDeploymentLimits="
        + enforceDeploymentLimits
        + ", distributed="
        + distributed
        + "}";
  }

  /**
   * Builder of {@link RoutingConfig}, starting from the defaults. Each setter rejects an invalid
   * value at once with an {@link IllegalArgumentException} naming the setting; the accessors of
   * {@link RoutingConfig} document each setting.
   */
  public static final class Builder {
    private String strategy = STRATEGIES.get(0);
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
    private @Nullable Boolean distributed;

    private Builder() {}

    /** See {@link RoutingConfig#strategy()}. */
    public Builder strategy(String name) {
      strategy = Checks.name(name, "strategy");
      return this;
    }

    /** See {@link RoutingConfig#latencyBuffer()}. */
    public Builder latencyBuffer(double fraction) {
      latencyBuffer = Checks.range(fraction, 0, 10, "latencyBuffer");
      return this;
    }

    /** See {@link RoutingConfig#latencyWindow()}. */
    public Builder latencyWindow(int samples) {
      latencyWindow = Checks.range(samples, 1, 1000, "latencyWindow");
      return this;
    }

    /** See {@link RoutingConfig#latencyMaxAge()}. */
    public Builder latencyMaxAge(Duration maxAge) {
      latencyMaxAge = Checks.positive(maxAge, "latencyMaxAge");
      return this;
    }

    /** See {@link RoutingConfig#latencyExploration()}. */
    public Builder latencyExploration(double probability) {
      latencyExploration = Checks.range(probability, 0, 1, "latencyExploration");
      return this;
    }

    /** See {@link RoutingConfig#failurePenaltyFactor()}. */
    public Builder failurePenaltyFactor(double factor) {
      failurePenaltyFactor = Checks.range(factor, 1, Double.MAX_VALUE, "failurePenaltyFactor");
      return this;
    }

    /** See {@link RoutingConfig#unknownPrice()}. */
    public Builder unknownPrice(UnknownPrice rank) {
      unknownPrice = Objects.requireNonNull(rank, "unknownPrice");
      return this;
    }

    /** See {@link RoutingConfig#expectedOutputTokens()}. */
    public Builder expectedOutputTokens(int tokens) {
      expectedOutputTokens = Checks.atLeast(tokens, 0, "expectedOutputTokens");
      return this;
    }

    /** See {@link RoutingConfig#tagMatch()}. */
    public Builder tagMatch(TagMatch match) {
      tagMatch = Objects.requireNonNull(match, "tagMatch");
      return this;
    }

    /** See {@link RoutingConfig#contextWindowCheck()}. */
    public Builder contextWindowCheck(boolean enabled) {
      contextWindowCheck = enabled;
      return this;
    }

    /** See {@link RoutingConfig#enforceDeploymentLimits()}. */
    public Builder enforceDeploymentLimits(boolean enabled) {
      enforceDeploymentLimits = enabled;
      return this;
    }

    /** See {@link RoutingConfig#distributed()}; {@code null} restores the default. */
    public Builder distributed(@Nullable Boolean shared) {
      distributed = shared;
      return this;
    }

    /** The configuration. */
    public RoutingConfig build() {
      return new RoutingConfig(this);
    }
  }
}
