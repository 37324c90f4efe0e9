package dev.llmux.core.internal.pipeline;

import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.Sleeper;
import dev.llmux.core.Ticker;
import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.core.internal.routing.RouterRouting;
import dev.llmux.core.internal.routing.RouterSettings;
import dev.llmux.core.spi.CooldownStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.random.RandomGenerator;

/**
 * What {@code LlmRouter.Builder} collected and validated, handed to {@link Engine#assemble}.
 * {@code null} means "the default" for the optional parts (executor, cache store, cooldown store,
 * governance).
 */
public record RouterSpec(
    Map<String, ProviderConfig> providerConfigs,
    Map<String, Provider> providerInstances,
    List<Deployment> deployments,
    Map<String, String> aliases,
    List<Interceptor> interceptors,
    RouterRouting.Setup routing,
    RouterSettings settings,
    Clock clock,
    Ticker ticker,
    Sleeper sleeper,
    RandomGenerator random,
    ExecutorService executor,
    CacheStore cacheStore,
    Duration cacheTtl,
    String cacheNamespace,
    boolean cacheOptIn,
    CooldownStore cooldownStore,
    GovernanceConfig governance) {}
