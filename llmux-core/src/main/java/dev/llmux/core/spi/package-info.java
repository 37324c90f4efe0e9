/**
 * Service provider interfaces of the router: how it picks a deployment ({@link
 * dev.llmux.core.spi.RoutingStrategy}), where routing statistics live ({@link
 * dev.llmux.core.spi.RoutingStateStore}, in memory by default: {@link
 * dev.llmux.core.spi.InMemoryRoutingStateStore}) and where cooldowns live ({@link
 * dev.llmux.core.spi.CooldownStore}). Implement them to route your own way or to share state
 * between router instances (the {@code llmux-redis} module does).
 */
@NullMarked
package dev.llmux.core.spi;

import org.jspecify.annotations.NullMarked;
