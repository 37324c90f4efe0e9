package dev.llmux.providers.transport;

import java.time.Duration;

/**
 * The HTTP client the providers send their upstream calls through. LLMux ships three, chosen by
 * name with the provider setting {@code transport} (see {@link UpstreamTransports}): {@code okhttp}
 * (the library's default), {@code jetty} (Jetty 12's {@code HttpClient}; HTTP/2 over TLS through
 * ALPN), {@code jetty-h2c} (the same client speaking HTTP/2 in clear text with prior knowledge) and
 * {@code jdk} ({@code java.net.http.HttpClient}).
 *
 * <p>A transport is shared by every provider that names it and must be thread-safe. It keeps its
 * connections pooled between calls, follows no redirects and never retries (the router owns
 * retries). It has no read, write or call timeouts of its own: callers bound a call with {@code
 * CallDeadline} / {@code StreamDeadline}, which {@linkplain UpstreamCall#cancel() cancel} it, so
 * the timeouts mean the same on every transport.
 */
public interface UpstreamTransport {
  /**
   * The name configuration uses for this transport ({@code okhttp}, {@code jetty}, {@code jdk}).
   */
  String name();

  /**
   * A call of {@code request}, not started yet.
   *
   * @param request what to send
   * @param connectTimeout bound on establishing a new connection ({@link Duration#ZERO}: none)
   * @param streamed {@code true} when the caller reads the body as it arrives (an event stream):
   *     {@link UpstreamCall#execute()} then returns at the response headers. {@code false} lets the
   *     transport read the whole body before {@code execute()} returns.
   */
  UpstreamCall newCall(UpstreamRequest request, Duration connectTimeout, boolean streamed);
}
