package dev.llmux.providers.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The one OkHttp client every HTTP provider shares, and cheap per-timeout views of it.
 *
 * <p>The shared client is created on first use and tuned for a router: a large connection pool (200
 * idle connections kept 5 minutes), dispatcher limits of 1024 requests in total and per host (only
 * asynchronous calls are subject to them; providers call synchronously), no retries on connection
 * failure (the router owns retries), no redirects, and no timeouts of its own: every call goes
 * through {@link #withTimeouts(Duration, Duration)}, which sets the timeouts the {@link
 * dev.llmux.api.spi.CallOptions} ask for. TCP_NODELAY is OkHttp's default for the JVM sockets it
 * opens, so small requests and SSE events are not held back by Nagle's algorithm.
 *
 * <p>Derived clients share the pool and dispatcher of the shared one; they are cached per (connect,
 * read) timeout pair in a small bounded map so the hot path does not rebuild them.
 */
public final class HttpClients {
  /** At most this many derived clients are cached; the cache starts over when it is full. */
  static final int MAX_CACHED = 64;

  private static final ConcurrentMap<TimeoutKey, OkHttpClient> DERIVED = new ConcurrentHashMap<>();

  private HttpClients() {}

  private static final class Holder {
    static final OkHttpClient SHARED = build();

    private static OkHttpClient build() {
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(1024);
      dispatcher.setMaxRequestsPerHost(1024);
      return new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(200, 5, TimeUnit.MINUTES))
          .dispatcher(dispatcher)
          .retryOnConnectionFailure(false)
          .followRedirects(false)
          .followSslRedirects(false)
          .connectTimeout(Duration.ZERO)
          .readTimeout(Duration.ZERO)
          .writeTimeout(Duration.ZERO)
          .callTimeout(Duration.ZERO)
          .build();
    }
  }

  /** The shared client (created on first use). It has no timeouts; prefer {@link #withTimeouts}. */
  public static OkHttpClient shared() {
    return Holder.SHARED;
  }

  /**
   * A client sharing the pool and dispatcher of {@link #shared()}, with the given connect timeout
   * and the given read timeout (also used as the write timeout). A zero duration means no timeout.
   */
  public static OkHttpClient withTimeouts(Duration connect, Duration read) {
    TimeoutKey key = new TimeoutKey(connect.toMillis(), read.toMillis());
    OkHttpClient client = DERIVED.get(key);
    if (client != null) {
      return client;
    }
    if (DERIVED.size() >= MAX_CACHED) {
      // Many distinct timeouts are unusual (they come from configuration); start over rather than
      // track recency on the hot path. Clients dropped here stay valid for calls holding them.
      DERIVED.clear();
    }
    client = derive(key);
    OkHttpClient raced = DERIVED.putIfAbsent(key, client);
    return raced != null ? raced : client;
  }

  /** The number of cached derived clients (for tests). */
  static int cachedCount() {
    return DERIVED.size();
  }

  private static OkHttpClient derive(TimeoutKey key) {
    return shared()
        .newBuilder()
        .connectTimeout(key.connectMillis, TimeUnit.MILLISECONDS)
        .readTimeout(key.readMillis, TimeUnit.MILLISECONDS)
        .writeTimeout(key.readMillis, TimeUnit.MILLISECONDS)
        .build();
  }

  private record TimeoutKey(long connectMillis, long readMillis) {}
}
