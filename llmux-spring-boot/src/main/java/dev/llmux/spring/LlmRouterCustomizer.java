package dev.llmux.spring;

import dev.llmux.core.LlmRouter;

/**
 * Adjusts the auto-configured router's builder after the configuration is applied (interceptors, a
 * cache store, a routing strategy...). Every bean of this type is applied, in {@code @Order},
 * before the router is built: a strategy registered with {@code
 * builder.registerStrategy("my-strategy", s)} is chosen by {@code
 * llmux.routing.strategy=my-strategy}.
 */
@FunctionalInterface
public interface LlmRouterCustomizer {
  void customize(LlmRouter.Builder builder);
}
