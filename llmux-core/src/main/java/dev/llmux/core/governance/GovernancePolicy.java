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
   * and wildcards). Return only rules whose scope id is the request's; an empty list when none apply.
   */
  List<GovernanceRule> rulesFor(RequestContext ctx, String modelGroup);

  /** No rules. */
  GovernancePolicy NONE = (ctx, group) -> List.of();
}
