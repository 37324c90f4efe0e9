package dev.llmux.providers.transport;

import java.io.IOException;

/** One call on an {@link UpstreamTransport}: executed once, cancellable from any thread. */
public interface UpstreamCall {
  /**
   * Sends the request and blocks until the response headers arrived (for a call that is not
   * streamed, possibly until the whole body arrived). The caller closes the response.
   *
   * @throws IOException when the call fails or is {@linkplain #cancel() cancelled} before the
   *     headers: {@link java.net.SocketTimeoutException} for a connect timeout, {@link
   *     java.net.ConnectException} for a refused connection, {@link java.net.ProtocolException} for
   *     an answer that is not valid HTTP, another {@link IOException} otherwise
   */
  UpstreamResponse execute() throws IOException;

  /**
   * Cancels the call from any thread: an {@link #execute()} in progress, or a read of the body,
   * fails with an {@link IOException}; a call not started yet fails when it is. Idempotent; a no-op
   * after the response was read to its end.
   */
  void cancel();
}
