package dev.llmux.facade;

import dev.llmux.core.LlmRouter;
import dev.llmux.facade.admin.ManagementApi;
import dev.llmux.jdbc.LlmuxDatabase;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's HTTP server: Jetty 12 (core handlers, no servlet layer) serving an {@link LlmRouter}
 * over the OpenAI API.
 *
 * <pre>{@code
 * FacadeServer server = new FacadeServer(ServerConfig.defaults(), new FacadeMetrics());
 * server.router(router);   // ready from here on
 * server.start();
 * ...
 * server.stop();           // graceful: in-flight requests and streams finish, up to shutdown_timeout
 * }</pre>
 *
 * <p>Without any key (no master key, no keys) it refuses to bind to a non-loopback address. One
 * server serves one router; {@link #stop()} does not close the router (its owner does).
 */
public final class FacadeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FacadeServer.class);

  static final int MIN_THREADS = 8;

  /** The kernel accept queue (backlog) of each connector; Linux caps it at net.core.somaxconn. */
  static final int ACCEPT_QUEUE = 1024;

  /** The name of the admin connector ({@code server.admin_port}). */
  static final String ADMIN_CONNECTOR = "admin";

  private final ServerConfig config;
  private final FacadeMetrics metrics;
  private final RouterHolder holder = new RouterHolder();
  private final Server server;
  private final ServerConnector connector;
  private final ServerConnector adminConnector;
  private final FacadeHandler handler;
  private final boolean virtualThreads;

  /** What {@link #database} and {@link #auth} set; wired by {@link #wire()}. */
  private LlmuxDatabase database;

  private ManagementApi.ConfigReloader reloader;
  private AuthConfig auth = AuthConfig.NONE;
  private Duration userCacheTtl = DatabaseConfig.DEFAULT_KEY_CACHE_TTL;

  /** {@code deployment.mode: development}: no key needed on a non-loopback host either. */
  private volatile boolean keylessOnAnyHost;

  public FacadeServer(ServerConfig config, FacadeMetrics metrics) {
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");

    // server.max_threads: threads serving requests when the runtime has no virtual threads (a
    // stream holds one), else only Jetty's own.
    QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), MIN_THREADS);
    pool.setName("llmux-facade");
    Executor vt = virtualThreadExecutor();
    if (vt != null) {
      pool.setVirtualThreadsExecutor(vt);
    }
    this.virtualThreads = vt != null;

    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(config.readTimeout().toMillis());
    connector.setAcceptedTcpNoDelay(true);
    // past max_connections new connections wait in the kernel's accept queue: a deep one keeps a
    // health probe queued (answered once the limits below free a slot) rather than refused
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    server.addConnector(connector);
    if (config.adminPort() != null) {
      adminConnector = new ServerConnector(server, new HttpConnectionFactory(http));
      adminConnector.setName(ADMIN_CONNECTOR);
      adminConnector.setHost(config.host());
      adminConnector.setPort(config.adminPort());
      adminConnector.setIdleTimeout(config.readTimeout().toMillis());
      adminConnector.setAcceptQueueSize(ACCEPT_QUEUE);
      server.addConnector(adminConnector);
    } else {
      adminConnector = null;
    }
    // server.max_connections: open connections accepted at once; more wait in the OS backlog. With
    // HTTP/1.1 each connection has at most one request in flight, so this also bounds the jobs
    // Jetty's pool can have queued (Jetty warns against a bounded queue in the pool itself: its own
    // tasks must never be rejected).
    // At the limit, every open connection's idle timeout drops to idle_timeout_at_limit (Jetty
    // restores read_timeout when the count falls below it), so idle connections make room quickly.
    NetworkConnectionLimit limit = new NetworkConnectionLimit(config.maxConnections(), server);
    limit.setEndPointIdleTimeout(config.idleTimeoutAtLimit().toMillis());
    server.addBean(limit);
    // server.header_timeout: the request line and headers must arrive within it (lower at the
    // limit)
    server.addBean(
        new HeaderTimeouts(
            server, config.headerTimeout().toMillis(), config.idleTimeoutAtLimit().toMillis()));

    server.setErrorHandler(new JsonErrorHandler());
    handler = new FacadeHandler(config, metrics, holder, vt != null ? vt : pool);
    server.setHandler(new GracefulHandler(BrowserGuard.wrap(config, handler)));
    server.setStopTimeout(config.shutdownTimeout().toMillis());
    server.setStopAtShutdown(false);
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21+, else {@code null}. */
  static Executor virtualThreadExecutor() {
    try {
      Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (Executor) m.invoke(null);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Sets the router to serve; {@code /health/ready} answers 200 from then on. */
  public FacadeServer router(LlmRouter router) {
    holder.set(router);
    return this;
  }

  /**
   * Serves database keys on the OpenAI endpoints and the management API ({@code /key/*}, {@code
   * /team/*} ...; on {@code server.admin_port} when set) from {@code db}. Call before {@link
   * #start()}; the server does not close the database (its owner does, after the router).
   *
   * @param reloader what {@code /control/config/reload} runs, or {@code null} (the endpoint answers
   *     400)
   */
  public FacadeServer database(LlmuxDatabase db, ManagementApi.ConfigReloader reloader) {
    this.database = Objects.requireNonNull(db, "db");
    this.reloader = reloader;
    wire();
    return this;
  }

  /**
   * Single sign-on beside API keys (the {@code auth} section): JWT bearer tokens on the OpenAI
   * endpoints and the management API ({@code auth.jwt}), the dashboard's OIDC login ({@code
   * auth.oidc}). Needs {@link #database}; call both before {@link #start()}, in either order.
   *
   * @param userCacheTtl how long a single sign-on user's database state is cached when nothing
   *     changes through this server (the database's {@code key_cache_ttl})
   */
  public FacadeServer auth(AuthConfig auth, Duration userCacheTtl) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.userCacheTtl = Objects.requireNonNull(userCacheTtl, "userCacheTtl");
    wire();
    return this;
  }

  /** {@link #auth(AuthConfig, Duration)} with the default cache time (30 s). */
  public FacadeServer auth(AuthConfig auth) {
    return auth(auth, DatabaseConfig.DEFAULT_KEY_CACHE_TTL);
  }

  /** Builds the management API (and single sign-on) over the database, once both are known. */
  private void wire() {
    LlmuxDatabase db = database;
    if (db == null) {
      return; // auth(..) before database(..): wired when the database comes
    }
    SsoAuth sso =
        auth.isEmpty() ? null : new SsoAuth(auth, db, config.ui(), db.clock(), userCacheTtl);
    ManagementApi.Builder b =
        ManagementApi.builder(db)
            .masterKey(config.masterKey())
            .router(holder::router)
            .configReloader(reloader)
            .clock(db.clock());
    if (sso != null) {
      b.bearerUsers(sso::managementUser);
    }
    handler.database(db, b.build(), db.clock(), sso);
  }

  /**
   * Whether each request's access line carries its body ({@code logging.log_prompts}; default
   * false: never).
   */
  public FacadeServer logPrompts(boolean logPrompts) {
    handler.logPrompts(logPrompts);
    return this;
  }

  /**
   * Traces each request with {@code tracing} (a SERVER span continuing the caller's {@code
   * traceparent}, propagated upstream), or not ({@code null}, the default).
   */
  FacadeServer tracing(FacadeTracing tracing) {
    handler.tracing(tracing);
    return this;
  }

  /** Serves the Prometheus metrics at {@code path} ({@code metrics.path}), or not at all. */
  public FacadeServer metricsPath(String path) {
    handler.metricsPath(path);
    return this;
  }

  /**
   * Adds a dependency {@code /health/ready} checks live on every probe: down and {@code required},
   * the instance answers 503 (not ready); down and not required, 200 with status {@code degraded}.
   * Call before {@link #start()}.
   *
   * @param impact what an outage means for callers, said in the report
   * @param probe returns when the dependency answers, throws (with the reason) when not; must be
   *     bounded in time
   */
  FacadeServer dependency(String name, boolean required, String impact, Readiness.Probe probe) {
    handler.readiness().add(new Readiness.Dependency(name, required, impact, probe));
    return this;
  }

  /**
   * {@code deployment.mode: development}: allows listening on a non-loopback host without any API
   * key (with a warning), for a local container. Call before {@link #start()}.
   */
  public FacadeServer keylessOnAnyHost(boolean allowed) {
    this.keylessOnAnyHost = allowed;
    return this;
  }

  /**
   * Marks the server not ready ({@code /health/ready} 503 and API calls 503) with {@code reason}.
   */
  public void notReady(String reason) {
    holder.notReady(Objects.requireNonNull(reason, "reason"));
  }

  /** The router being served, or {@code null}. */
  public LlmRouter router() {
    return holder.router();
  }

  public ServerConfig config() {
    return config;
  }

  public FacadeMetrics metrics() {
    return metrics;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IllegalStateException when no key is configured and the host is not a loopback address
   */
  public FacadeServer start() throws Exception {
    if (!auth.isEmpty() && database == null) {
      throw new IllegalStateException(
          "single sign-on (auth.jwt, auth.oidc) needs a database: call database(..) too");
    }
    String refusal = bindRefusal(config, auth, keylessOnAnyHost);
    if (refusal != null) {
      log.error(refusal);
      throw new IllegalStateException(refusal);
    }
    if (keylessOnAnyHost && bindRefusal(config, auth, false) != null) {
      log.warn(
          "deployment.mode is development: listening on {} without any API key; anyone who can"
              + " reach this port spends your provider credits",
          config.host());
    }
    server.start();
    log.info(
        "LLMux facade listening on {} ({}; {} threads)",
        baseUri(),
        config.authEnabled() || auth.jwt() != null
            ? "API keys required"
                + (auth.jwt() != null ? " (or a JWT from " + auth.jwt().issuer() + ")" : "")
            : "no API key required: loopback only",
        virtualThreads ? "virtual" : "platform, at most " + config.maxThreads());
    return this;
  }

  /** Why the server must not bind, or {@code null} when it may. */
  static String bindRefusal(ServerConfig config) {
    return bindRefusal(config, AuthConfig.NONE, false);
  }

  /**
   * Why the server must not bind, or {@code null} when it may; {@code keylessOnAnyHost} ({@code
   * deployment.mode: development}) lifts the loopback rule.
   */
  static String bindRefusal(ServerConfig config, boolean keylessOnAnyHost) {
    return bindRefusal(config, AuthConfig.NONE, keylessOnAnyHost);
  }

  /** Why the server must not bind with single sign-on {@code auth}, or {@code null}. */
  static String bindRefusal(ServerConfig config, AuthConfig auth) {
    return bindRefusal(config, auth, false);
  }

  /**
   * Why the server must not bind, or {@code null} when it may: callers need a key, or with {@code
   * auth.jwt} a token, unless the host is a loopback address; {@code keylessOnAnyHost} ({@code
   * deployment.mode: development}) lifts the loopback rule.
   */
  static String bindRefusal(ServerConfig config, AuthConfig auth, boolean keylessOnAnyHost) {
    if (config.authEnabled() || auth.jwt() != null || keylessOnAnyHost) {
      return null;
    }
    boolean loopback;
    try {
      loopback = InetAddress.getByName(config.host()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (loopback) {
      return null;
    }
    return "refusing to listen on "
        + config.host()
        + ": no API key is configured (set server.master_key, "
        + ServerConfig.MASTER_KEY_ENV
        + ", server.keys or auth.jwt), so only a loopback host such as 127.0.0.1 is allowed (or"
        + " deployment.mode: development, for a local container)";
  }

  /** The limits applied: open connections and the pool's maximum of threads (for tests). */
  int[] limits() {
    NetworkConnectionLimit limit = server.getBean(NetworkConnectionLimit.class);
    return new int[] {
      limit.getMaxNetworkConnectionCount(),
      ((QueuedThreadPool) server.getThreadPool()).getMaxThreads()
    };
  }

  /** The bound port (the real one when the config asked for 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The bound admin port, or -1 when {@code server.admin_port} is not set. */
  public int adminPort() {
    return adminConnector == null ? -1 : adminConnector.getLocalPort();
  }

  /** {@code http://host:port} of the running server. */
  public URI baseUri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /**
   * Stops gracefully: stops accepting connections, answers new requests 503, lets in-flight
   * requests and streams finish for up to {@code shutdown_timeout}, then closes what is left.
   */
  public void stop() throws Exception {
    if (server.isStopped()) {
      return;
    }
    holder.notReady("shutting down");
    log.info(
        "LLMux facade stopping (waiting up to {} for in-flight requests)",
        config.shutdownTimeout());
    server.stop();
    log.info("LLMux facade stopped");
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
