/**
 * The router: {@link dev.llmux.core.LlmRouter} and the small public types around it.
 *
 * <p>Public: the router and its builder, {@link dev.llmux.core.Deployment},
 * {@link dev.llmux.core.RequestContext}, {@link dev.llmux.core.RouteResult},
 * {@link dev.llmux.core.Attempt}, {@link dev.llmux.core.ChatStream},
 * {@link dev.llmux.core.StreamListener}, the extension points
 * {@link dev.llmux.core.RoutingStrategy}, {@link dev.llmux.core.Interceptor} and
 * {@link dev.llmux.core.RoutingStateStore} (with {@link dev.llmux.core.InMemoryRoutingStateStore}),
 * the price table
 * {@link dev.llmux.core.ModelPrices} / {@link dev.llmux.core.ModelPrice}, the introspection record
 * {@link dev.llmux.core.DeploymentState}, and the injectable time sources
 * {@link dev.llmux.core.Ticker} and {@link dev.llmux.core.Sleeper}. Everything else is
 * package-private.
 */
package dev.llmux.core;
