package dev.llmux.core.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One deployment: a concrete upstream model behind a provider instance, serving one model group.
 * Nullable numeric fields mean "not set": the router applies its default (no limit, weight 1, the
 * routing-level timeouts, the router's retry count, unknown price or context window).
 *
 * @param id unique deployment id (defaults: {@code <provider>/<model>} for {@code providers}
 *     entries, {@code model_info.id} or {@code <model_name>#<n>} for {@code model_list} entries)
 * @param modelGroup the name callers ask for; may be a wildcard such as {@code openai/*} or {@code
 *     *}
 * @param provider the {@link dev.llmux.api.spi.ProviderConfig#name() name} of the provider instance
 * @param model the upstream model name; null for a wildcard group whose caller-given suffix is
 *     passed through
 * @param weight relative weight for shuffle-based strategies; null = 1
 * @param rpm requests per minute this deployment accepts; null = unlimited
 * @param tpm tokens per minute this deployment accepts; null = unlimited
 * @param order priority tier, lower first; null = no tier
 * @param tags tags for tag-based filtering; never null
 * @param timeout total per-attempt timeout; null = routing default
 * @param connectTimeout connect timeout; null = routing default
 * @param firstChunkTimeout time allowed until the first streamed chunk; null = routing default
 * @param maxInputTokens context window used by pre-call checks; null = unknown
 * @param maxOutputTokens maximum completion tokens; null = unknown
 * @param inputCostPerToken price of one prompt token in USD; null = unknown
 * @param outputCostPerToken price of one completion token in USD; null = unknown
 * @param maxRetries retries for this deployment, overriding the router's; null = router default
 */
public record DeploymentConfig(
    String id,
    String modelGroup,
    String provider,
    @Nullable String model,
    @Nullable Double weight,
    @Nullable Integer rpm,
    @Nullable Integer tpm,
    @Nullable Integer order,
    List<String> tags,
    @Nullable Duration timeout,
    @Nullable Duration connectTimeout,
    @Nullable Duration firstChunkTimeout,
    @Nullable Integer maxInputTokens,
    @Nullable Integer maxOutputTokens,
    @Nullable Double inputCostPerToken,
    @Nullable Double outputCostPerToken,
    @Nullable Integer maxRetries) {

  /** Requires {@code id}, {@code modelGroup} and {@code provider}; copies {@code tags}. */
  public DeploymentConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modelGroup, "modelGroup");
    Objects.requireNonNull(provider, "provider");
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A deployment with only the required values set and every option left to the router default. */
  public static DeploymentConfig of(
      String id, String modelGroup, String provider, @Nullable String model) {
    return new DeploymentConfig(
        id,
        modelGroup,
        provider,
        model,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** True when {@link #modelGroup()} is a wildcard pattern. */
  public boolean isWildcard() {
    return modelGroup.indexOf('*') >= 0;
  }
}
