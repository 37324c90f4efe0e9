package dev.llmux.spring;

import dev.llmux.core.LlmRouter;

/**
 * Adjusts the auto-configured router's builder after the configuration is applied (interceptors,
 * a cache store, a routing strategy...). Every bean of this type is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface LlmRouterCustomizer {
  void customize(LlmRouter.Builder builder);
}
