/**
 * Shared plumbing of the provider implementations: the tuned OkHttp client ({@link
 * dev.llmux.providers.internal.HttpClients}), the server-sent events parser ({@link
 * dev.llmux.providers.internal.SseReader}), the mapping of upstream failures to {@link
 * dev.llmux.api.error.LlmException}s ({@link dev.llmux.providers.internal.ErrorMapper}) and typed
 * access to provider settings ({@link dev.llmux.providers.internal.Settings}).
 *
 * <p>Not API: these classes are public only so that the provider packages can share them.
 */
package dev.llmux.providers.internal;
