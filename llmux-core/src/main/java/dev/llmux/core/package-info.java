/**
 * The router's public API: {@link dev.llmux.core.LlmRouter} and the small types around it.
 *
 * <ul>
 *   <li>the calls ({@link dev.llmux.core.LlmClient}), the router that makes them and its builder,
 *       its runtime controls ({@link dev.llmux.core.RouterControl}), the deployments it routes
 *       across ({@link dev.llmux.core.Deployment}), who is calling ({@link
 *       dev.llmux.core.RequestContext}) and what came back ({@link dev.llmux.core.RouteResult},
 *       {@link dev.llmux.core.Attempt}, {@link dev.llmux.core.ChatStream}, {@link
 *       dev.llmux.core.ResponseStream}, {@link dev.llmux.core.StreamListener}, {@link
 *       dev.llmux.core.Cancellable});
 *   <li>hooks around every call: {@link dev.llmux.core.Interceptor} and {@link
 *       dev.llmux.core.CallListener} / {@link dev.llmux.core.CallRecord};
 *   <li>the price table {@link dev.llmux.core.ModelPrices} / {@link dev.llmux.core.ModelPrice}, the
 *       introspection record {@link dev.llmux.core.DeploymentState}, and the injectable time
 *       sources {@link dev.llmux.core.Ticker} and {@link dev.llmux.core.Sleeper}.
 * </ul>
 *
 * <p>Settings are the objects of {@link dev.llmux.core.config}. Extension points live in {@link
 * dev.llmux.core.spi} (routing strategies, routing state, cooldowns), {@link dev.llmux.core.cache},
 * {@link dev.llmux.core.store} and {@link dev.llmux.core.governance}. Packages named {@code
 * dev.llmux.core.internal...} hold the engine: they are not API and may change in any release.
 */
@NullMarked
package dev.llmux.core;

import org.jspecify.annotations.NullMarked;
