/**
 * Routing (not API): the model catalog (groups, aliases, wildcards), candidate selection (tags,
 * context window, per-deployment rpm/tpm, priority tiers), the built-in strategies, cooldowns,
 * error classes, the provider registry and the router-wide reliability settings.
 */
@NullMarked
package dev.llmux.core.internal.routing;

import org.jspecify.annotations.NullMarked;
