package dev.llmux.core.governance;

import dev.llmux.core.RequestContext;
import java.util.List;

/**
 * Which budgets and rate limits apply to a request. The router asks it once per request, after
 * resolving the model group and before anything is sent upstream. The router's own static
 * configuration ({@link StaticGovernancePolicy}) is one; the JDBC module implements it from stored
 * keys, users and teams. Must be thread-safe and fast (cache what you load).
 */
@FunctionalInterface
public interface GovernancePolicy {

  /**
   * The rules for a request by {@code ctx} to {@code modelGroup} (the resolved group, after aliases
   * and wildcards). Return only rules whose scope id is the request's; an empty list when none
   * apply.
   *
   * @throws dev.llmux.api.error.LlmException to refuse the request outright (for example a {@link
   *     dev.llmux.api.error.PermissionDeniedException} for a blocked end user): the router answers
   *     the call with it. Any other exception counts as a store failure (fail-open or fail-closed,
   *     as configured).
   */
  List<GovernanceRule> rulesFor(RequestContext ctx, String modelGroup);

  /** No rules. */
  GovernancePolicy NONE = (ctx, group) -> List.of();
}
