package dev.llmux.api.spi;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Per-attempt options the router hands a provider.
 *
 * @param connectTimeout bound on establishing the connection
 * @param timeout bound on the whole attempt for non-streamed calls; for streams, the longest gap
 *     allowed between two chunks once the first has arrived
 * @param firstChunkTimeout for streams, bound on the time until the first chunk (response headers
 *     and first event); ignored for non-streamed calls
 * @param headers extra HTTP headers to send (from deployment settings or the request context)
 * @param requestId the router's request id, for logs and upstream correlation
 */
public record CallOptions(
    Duration connectTimeout,
    Duration timeout,
    Duration firstChunkTimeout,
    Map<String, String> headers,
    @Nullable String requestId) {

  /** The defaults: 10 s to connect, 600 s per attempt, 60 s to the first chunk, no headers. */
  public static final CallOptions DEFAULT =
      new CallOptions(
          Duration.ofSeconds(10), Duration.ofSeconds(600), Duration.ofSeconds(60), Map.of(), null);

  /**
   * Checks that {@code connectTimeout}, {@code timeout}, {@code firstChunkTimeout} are present;
   * makes the lists and maps immutable copies.
   */
  public CallOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(firstChunkTimeout, "firstChunkTimeout");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
