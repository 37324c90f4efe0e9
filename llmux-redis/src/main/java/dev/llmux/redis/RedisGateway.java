package dev.llmux.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Lettuce connection every store of a {@link RedisStores} shares (Lettuce multiplexes it
 * across threads), with a bounded timeout on every command, scripts called by SHA, and outage
 * accounting: one log line per interval and a Micrometer counter per failed call.
 */
final class RedisGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisGateway.class);

  /** Keys are UTF-8 strings; values are bytes (cache entries are binary). */
  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** A Lua script, called by its SHA-1 and loaded again when the server answers NOSCRIPT. */
  static final class Script {
    final String source;
    final String sha;

    Script(String source) {
      this.source = source;
      try {
        this.sha =
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final RedisClient client; // standalone / Sentinel, or null
  private final RedisClusterClient clusterClient; // Redis Cluster, or null
  private final ClientResources resources;
  private final Duration timeout;
  private final long outageLogIntervalNanos;
  private final Object
      meterCounter; // io.micrometer.core.instrument.Counter when a registry was given
  private final Object connectLock = new Object();
  private volatile StatefulConnection<String, byte[]> connection;

  /** Sync commands of {@link #connection}: standalone, or the cluster's (routed by key slot). */
  private volatile RedisClusterCommands<String, byte[]> commands;

  private volatile long nextConnectAttempt = System.nanoTime();
  private CompletableFuture<?> connecting;
  private boolean closed;
  private final RedisURI uri;
  private final AtomicLong lastOutageLog = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean down;

  /**
   * Why the last connection attempt failed (e.g. WRONGPASS), for the errors of calls until one
   * succeeds.
   */
  private volatile Throwable lastConnectError;

  private final ConcurrentHashMap<String, Script> loaded = new ConcurrentHashMap<>();

  RedisGateway(
      RedisURI uri,
      Duration timeout,
      Duration connectTimeout,
      Duration outageLogInterval,
      Object meterRegistry) {
    this(uri, null, timeout, connectTimeout, outageLogInterval, meterRegistry);
  }

  /**
   * {@code clusterNodes} non-null: a Redis Cluster reached through these seed nodes (one is enough;
   * the topology is discovered), and {@code uri} is ignored.
   */
  RedisGateway(
      RedisURI uri,
      List<RedisURI> clusterNodes,
      Duration timeout,
      Duration connectTimeout,
      Duration outageLogInterval,
      Object meterRegistry) {
    this.uri = uri;
    this.timeout = timeout;
    this.outageLogIntervalNanos = outageLogInterval.toNanos();
    if (clusterNodes != null) {
      clusterNodes.forEach(n -> n.setTimeout(connectTimeout));
    } else {
      uri.setTimeout(
          connectTimeout); // the connection handshake; commands get {@code timeout} below
    }
    // Reconnect quickly after an outage: 10 ms doubling up to 2 s (Lettuce's default grows to 30
    // s).
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build();
    if (clusterNodes != null) {
      this.client = null;
      this.clusterClient = RedisClusterClient.create(resources, clusterNodes);
      clusterClient.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              // Follow failovers and slot moves: refresh the topology on MOVED/ASK, reconnects and
              // unknown nodes, and once a minute.
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .enablePeriodicRefresh(Duration.ofMinutes(1))
                      .build())
              .build());
    } else {
      this.clusterClient = null;
      this.client = RedisClient.create(resources, uri);
      client.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              // While the connection is down, fail at once instead of queueing until the timeout.
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .build());
    }
    this.meterCounter = meterRegistry == null ? null : Metrics.counter(meterRegistry);
  }

  Duration timeout() {
    return timeout;
  }

  /** Failed calls since start. */
  long failures() {
    return failures.get();
  }

  /**
   * Starts connecting in the background and waits at most {@code wait} for it. Requests never
   * connect themselves: until a connection exists they fail at once (and start an attempt when none
   * ran within the last second); once connected, Lettuce reconnects on its own.
   */
  void connect(Duration wait) {
    CompletableFuture<?> f = startConnect();
    if (f == null) {
      return;
    }
    try {
      f.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      recordFailure(
          "connect",
          new RedisStoreException(
              "could not connect to Redis: " + e.getCause() + " (" + rootCause(e) + ")",
              e.getCause()));
    } catch (java.util.concurrent.TimeoutException e) {
      recordFailure(
          "connect", new RedisStoreException("could not connect to Redis within " + wait, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CompletableFuture<?> startConnect() {
    synchronized (connectLock) {
      if (closed
          || connection != null
          || connecting != null
          || System.nanoTime() - nextConnectAttempt < 0) {
        return connecting;
      }
      nextConnectAttempt = System.nanoTime() + 1_000_000_000L;
      // Wait on the stage that installs the connection, not on the connect itself, so that
      // connect() returns only once calls can use it.
      CompletableFuture<? extends StatefulConnection<String, byte[]>> start =
          clusterClient != null
              // connectAsync needs the topology first (the sync connect loads it itself)
              ? clusterClient
                  .refreshPartitionsAsync()
                  .toCompletableFuture()
                  .thenCompose(v -> clusterClient.connectAsync(CODEC))
              : client.connectAsync(CODEC, uri).toCompletableFuture();
      CompletableFuture<?> f =
          start.whenComplete(
              (c, e) -> {
                synchronized (connectLock) {
                  connecting = null;
                  lastConnectError = e == null ? null : rootCause(e);
                  if (c != null && closed) {
                    c.closeAsync();
                  } else if (c != null) {
                    c.setTimeout(timeout);
                    commands =
                        c instanceof StatefulRedisClusterConnection<String, byte[]> cc
                            ? cc.sync()
                            : ((StatefulRedisConnection<String, byte[]>) c).sync();
                    connection = c;
                  }
                }
              });
      if (!f.isDone()) {
        connecting = f;
      }
      return f;
    }
  }

  private RedisClusterCommands<String, byte[]> commands() {
    RedisClusterCommands<String, byte[]> c = commands;
    if (c != null && connection != null) {
      return c;
    }
    startConnect();
    Throwable last = lastConnectError;
    throw new RedisStoreException(
        last == null
            ? "not connected to Redis (yet)"
            : "not connected to Redis: the last attempt failed: " + last.getMessage(),
        last);
  }

  /** Runs one command (one round trip), counting and logging a failure before rethrowing it. */
  <T> T call(String op, Function<RedisClusterCommands<String, byte[]>, T> body) {
    try {
      T result = body.apply(commands());
      if (down) {
        down = false;
        log.info("Redis is answering again (after {} failed calls in total)", failures.get());
      }
      return result;
    } catch (RedisStoreException e) {
      recordFailure(op, e);
      throw e;
    } catch (RuntimeException e) {
      recordFailure(op, e);
      throw new RedisStoreException("Redis " + op + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * EVALSHA of {@code script}; on NOSCRIPT loads it (SCRIPT LOAD) and calls it again. On a Cluster
   * the call goes to the node of the keys' slot, and a node that does not know the script yet gets
   * it with one EVAL of the source (which also caches it there): no SCRIPT LOAD, which Lettuce
   * would send to one arbitrary node.
   */
  <T> T eval(String op, Script script, ScriptOutputType type, String[] keys, byte[]... args) {
    if (clusterClient != null) {
      return call(
          op,
          c -> {
            try {
              return c.evalsha(script.sha, type, keys, args);
            } catch (RedisCommandExecutionException e) {
              if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
                throw e;
              }
              return c.eval(script.source, type, keys, args);
            }
          });
    }
    return call(
        op,
        c -> {
          if (!loaded.containsKey(script.sha)) {
            c.scriptLoad(script.source);
            loaded.put(script.sha, script);
          }
          try {
            return c.evalsha(script.sha, type, keys, args);
          } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) {
              throw e;
            }
            c.scriptLoad(script.source); // the server restarted or SCRIPT FLUSH ran
            return c.evalsha(script.sha, type, keys, args);
          }
        });
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private void recordFailure(String op, RuntimeException e) {
    failures.incrementAndGet();
    down = true;
    if (meterCounter != null) {
      Metrics.increment(meterCounter);
    }
    long now = System.nanoTime();
    long last = lastOutageLog.get();
    if ((last == Long.MIN_VALUE || now - last >= outageLogIntervalNanos)
        && lastOutageLog.compareAndSet(last, now)) {
      log.warn(
          "Redis call '{}' failed ({} failed calls so far; logged at most once per {} ms): {}",
          op,
          failures.get(),
          outageLogIntervalNanos / 1_000_000,
          e.toString());
    }
  }

  @Override
  public void close() {
    StatefulConnection<String, byte[]> c;
    synchronized (connectLock) {
      c = connection;
      connection = null;
      commands = null;
      closed = true; // no new attempt after close
    }
    if (c != null) {
      c.close();
    }
    if (clusterClient != null) {
      clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } else {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] b(long v) {
    return b(Long.toString(v));
  }

  static long asLong(Object o) {
    if (o == null) {
      return 0;
    }
    if (o instanceof Long l) {
      return l;
    }
    if (o instanceof byte[] bytes) {
      return Long.parseLong(new String(bytes, StandardCharsets.UTF_8));
    }
    return Long.parseLong(o.toString());
  }

  /** Micrometer kept behind a class of its own so it stays an optional dependency. */
  private static final class Metrics {
    static Object counter(Object registry) {
      return io.micrometer.core.instrument.Counter.builder("llmux.redis.errors")
          .description(
              "Redis calls that failed or timed out (the router then fails open or closed)")
          .register((io.micrometer.core.instrument.MeterRegistry) registry);
    }

    static void increment(Object counter) {
      ((io.micrometer.core.instrument.Counter) counter).increment();
    }
  }
}
