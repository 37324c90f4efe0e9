package dev.llmux.redis;

import dev.llmux.core.cache.CacheStore;
import dev.llmux.core.spi.CooldownStore;
import dev.llmux.core.spi.RoutingStateStore;
import dev.llmux.core.store.CounterStore;
import dev.llmux.core.store.SpendStore;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Redis-backed implementations of every LLMux state SPI, sharing one Lettuce connection. Build one
 * per application instance, hand its stores to the router builder, and close it on shutdown:
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.builder().url("redis://:secret@redis:6379").namespace("prod").build();
 * LlmRouter router = LlmRouter.builder()
 *     .governance(GovernanceConfig.builder().counterStore(redis.counterStore())
 *         .spendStore(redis.spendStore()).build())
 *     .cache(redis.cacheStore())
 *     .stateStore(redis.routingStateStore())
 *     ...
 *     .build();
 * }</pre>
 *
 * Every call waits at most {@link Builder#timeout} (default 50 ms) and then throws {@link
 * RedisStoreException}; the router's fail-open / fail-closed settings decide what the request does.
 * Closing a store obtained here does nothing; {@link #close()} closes the connection.
 */
public final class RedisStores implements AutoCloseable {
  private final RedisGateway gateway;
  private final RedisCounterStore counters;
  private final RedisSpendStore spend;
  private final RedisCacheStore cache;
  private final RedisRoutingStateStore routingState;
  private final RedisCooldownStore cooldowns;
  private final String namespace;

  private RedisStores(Builder b) {
    this.namespace = b.namespace;
    this.gateway =
        b.clusterNodes != null
            ? new RedisGateway(
                null,
                b.clusterUris(),
                b.timeout,
                b.connectTimeout,
                b.outageLogInterval,
                b.meterRegistry)
            : new RedisGateway(
                b.uri(), b.timeout, b.connectTimeout, b.outageLogInterval, b.meterRegistry);
    String tagged = "llmux:{" + b.namespace + "}:";
    String plain = "llmux:" + b.namespace + ":";
    this.counters = new RedisCounterStore(gateway, tagged, b.serverTime, b.concurrencyLease);
    this.spend = new RedisSpendStore(gateway, tagged, b.budgetRetention);
    this.cache = new RedisCacheStore(gateway, plain + "cache:");
    this.routingState = new RedisRoutingStateStore(gateway, plain, b.routingStateTtl.toMillis());
    this.cooldowns = new RedisCooldownStore(gateway, plain, b.cooldownRefresh);
    gateway.connect(b.connectTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Rate-limit windows and concurrency gauges (see {@link RedisCounterStore}). */
  public CounterStore counterStore() {
    return counters;
  }

  /** Budget spend and reservations. */
  public SpendStore spendStore() {
    return spend;
  }

  /** The response cache, in Redis only ({@code cache.type: redis}). */
  public CacheStore cacheStore() {
    return cache;
  }

  /**
   * {@code cache.type: dual}: an in-process cache of at most {@code maxEntries} / {@code maxBytes}
   * in front of {@link #cacheStore()}, backfilled from Redis hits.
   */
  public CacheStore dualCacheStore(long maxEntries, long maxBytes) {
    return new DualCacheStore(CacheStore.inMemory(maxEntries, maxBytes), cache);
  }

  /** Latency samples and in-flight counts of every deployment. */
  public RoutingStateStore routingStateStore() {
    return routingState;
  }

  /**
   * Cooldowns shared by every instance ({@code LlmRouter.Builder.cooldownStore}); another
   * instance's cooldown is seen within {@link Builder#cooldownRefresh}.
   */
  public CooldownStore cooldownStore() {
    return cooldowns;
  }

  public String namespace() {
    return namespace;
  }

  /**
   * Checks that Redis answers: one {@code PING}, bounded by the call timeout (a cluster: the node
   * the client picks). For readiness probes.
   *
   * @throws RedisStoreException naming why it did not answer
   */
  public void ping() {
    gateway.call("ping", c -> c.ping());
  }

  /** Redis calls that failed or timed out since this was built. */
  public long failures() {
    return gateway.failures();
  }

  @Override
  public void close() {
    gateway.close();
  }

  /** Settings; every one has a default except where Redis is. */
  public static final class Builder {
    private String url;
    private String host;
    private int port = 6379;
    private String username;
    private String password;
    private boolean tls;
    private String namespace = "default";
    private Duration timeout = Duration.ofMillis(50);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration outageLogInterval = Duration.ofSeconds(30);
    private boolean serverTime = true;
    private Duration concurrencyLease = Duration.ofMinutes(10);
    private Duration budgetRetention = Duration.ofDays(1);
    private Duration routingStateTtl = Duration.ofHours(1);
    private Duration cooldownRefresh = Duration.ofMillis(500);
    private Object meterRegistry;
    private java.util.List<String> clusterNodes;

    private Builder() {}

    /**
     * Redis Cluster: seed node URLs ({@code redis://[user:password@]host:port} or {@code
     * rediss://}); one reachable node is enough, the others are discovered. Replaces url/host.
     * Multi-key scripts keep their keys in one slot (hash tag {@code {namespace}}); cache and
     * routing-state keys spread over the masters. A password given with {@link #password} applies
     * to nodes without one.
     */
    public Builder cluster(java.util.List<String> nodeUrls) {
      Objects.requireNonNull(nodeUrls, "nodeUrls");
      if (nodeUrls.isEmpty()) {
        throw new IllegalArgumentException("a cluster needs at least one node URL");
      }
      this.clusterNodes = java.util.List.copyOf(nodeUrls);
      return this;
    }

    java.util.List<RedisURI> clusterUris() {
      java.util.List<RedisURI> uris = new java.util.ArrayList<>();
      for (String n : clusterNodes) {
        RedisURI u = RedisURI.create(n);
        if (password != null && !n.contains("@")) {
          if (username != null) {
            u.setUsername(username);
          }
          u.setPassword(password.toCharArray());
        }
        uris.add(u);
      }
      return uris;
    }

    /**
     * {@code redis://[user:password@]host[:port][/db]}, {@code rediss://...} for TLS, or {@code
     * redis-sentinel://...} (Lettuce's URI forms). Overrides host/port/password.
     */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** {@code host:port}, as the {@code REDIS_ADDR} environment variable gives it. */
    public Builder address(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0) {
        host = hostPort.substring(0, colon);
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } else {
        host = hostPort;
      }
      return this;
    }

    /** ACL user name (Redis 6+); none by default. */
    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** TLS for a host/port connection ({@code rediss://} says the same for a URL). */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Isolates the keys of one deployment of the application: every key starts {@code llmux:{ns}:}.
     */
    public Builder namespace(String namespace) {
      Objects.requireNonNull(namespace, "namespace");
      if (namespace.isEmpty() || namespace.contains("{") || namespace.contains("}")) {
        throw new IllegalArgumentException(
            "namespace must be non-empty and contain no braces: " + namespace);
      }
      this.namespace = namespace;
      return this;
    }

    /** The most any call waits for Redis; default 50 ms. */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long one connection attempt may take (default 2 s). Connecting happens in the background
     * (and once in {@link #build()}); a request never waits for it.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      if (connectTimeout == null || connectTimeout.isZero() || connectTimeout.isNegative()) {
        throw new IllegalArgumentException("connectTimeout must be positive");
      }
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** How often an outage is logged (every failed call is counted); default 30 s. */
    public Builder outageLogInterval(Duration interval) {
      this.outageLogInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * {@code true} (default): rate-limit windows use the Redis server's clock, so routers agree
     * whatever their own clocks say. {@code false}: the time the router passes in (tests).
     */
    public Builder serverTime(boolean serverTime) {
      this.serverTime = serverTime;
      return this;
    }

    /**
     * How long a concurrency permit counts at most if never settled (a router died); default 10
     * min.
     */
    public Builder concurrencyLease(Duration lease) {
      this.concurrencyLease = Objects.requireNonNull(lease, "lease");
      return this;
    }

    /** How long a budget account is kept after its period ends; default 1 day. */
    public Builder budgetRetention(Duration retention) {
      this.budgetRetention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * How long untouched routing state (latency samples, in-flight counts) is kept; default 1 hour.
     */
    public Builder routingStateTtl(Duration ttl) {
      this.routingStateTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** How often the local snapshot of the shared cooldowns is read again; default 500 ms. */
    public Builder cooldownRefresh(Duration refresh) {
      this.cooldownRefresh = Objects.requireNonNull(refresh, "refresh");
      return this;
    }

    /** A Micrometer {@code MeterRegistry}: failed calls count in {@code llmux.redis.errors}. */
    public Builder meterRegistry(Object meterRegistry) {
      if (meterRegistry != null && !isMeterRegistry(meterRegistry)) {
        throw new IllegalArgumentException(
            "not a Micrometer MeterRegistry: " + meterRegistry.getClass());
      }
      this.meterRegistry = meterRegistry;
      return this;
    }

    private static boolean isMeterRegistry(Object o) {
      try {
        return o instanceof io.micrometer.core.instrument.MeterRegistry;
      } catch (NoClassDefFoundError e) {
        return false;
      }
    }

    /** Fills what is unset from {@code REDIS_ADDR} and {@code REDIS_PASSWORD}. */
    public Builder fromEnv(Map<String, String> env) {
      if (url == null
          && host == null
          && env.get("REDIS_ADDR") != null
          && !env.get("REDIS_ADDR").isBlank()) {
        address(env.get("REDIS_ADDR").trim());
      }
      if (password == null
          && env.get("REDIS_PASSWORD") != null
          && !env.get("REDIS_PASSWORD").isEmpty()) {
        password = env.get("REDIS_PASSWORD");
      }
      return this;
    }

    RedisURI uri() {
      RedisURI uri;
      if (url != null) {
        uri = RedisURI.create(url);
        if (password != null && !url.contains("@")) {
          uri.setPassword(password.toCharArray());
        }
      } else {
        if (host == null) {
          throw new IllegalStateException("Redis needs a url, a host, or REDIS_ADDR");
        }
        RedisURI.Builder ub = RedisURI.builder().withHost(host).withPort(port).withSsl(tls);
        if (password != null) {
          if (username != null) {
            ub.withAuthentication(username, password.toCharArray());
          } else {
            ub.withPassword(password.toCharArray());
          }
        }
        uri = ub.build();
      }
      return uri;
    }

    public RedisStores build() {
      return new RedisStores(this);
    }
  }
}
