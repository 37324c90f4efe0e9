package dev.llmux.facade;

import dev.llmux.core.LlmRouter;
import dev.llmux.core.Ticker;
import dev.llmux.core.config.DeploymentMode;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.providers.transport.UpstreamTransports;
import dev.llmux.redis.LlmuxRedis;
import dev.llmux.redis.RedisStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar llmux-facade.jar --config FILE [--port N] [--admin-port N]}: loads the
 * configuration, builds the router, serves it until SIGTERM/SIGINT, then stops gracefully
 * (in-flight requests and streams finish, up to {@code server.shutdown_timeout}) and closes the
 * router, then Redis, then the database.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  static final String USAGE =
      "usage: java -jar llmux-facade.jar --config FILE [--port N] [--admin-port N]";

  private Main() {}

  /** Parsed command line. */
  record Args(Path config, Integer port, Integer adminPort) {
    Args(Path config, Integer port) {
      this(config, port, null);
    }
  }

  /**
   * How to launch: overrides of {@code server.port} / {@code server.admin_port} ({@code null}: the
   * file's; 0: a free port), the environment the file is read with, and the time source of the
   * database's caches ({@code null}: the system's; tests inject one).
   */
  record Options(Integer port, Integer adminPort, Map<String, String> env, Ticker ticker) {
    static Options of(Integer port) {
      return new Options(port, null, System.getenv(), null);
    }
  }

  /**
   * A started server, the router it serves, its database and its Redis (each {@code null} when not
   * configured).
   */
  record Launched(
      FacadeServer server,
      LlmRouter router,
      LlmuxDatabase database,
      RedisStores redis,
      FacadeTracing tracing) {
    Launched(FacadeServer server, LlmRouter router, LlmuxDatabase database) {
      this(server, router, database, null, null);
    }

    /**
     * Stops the server, then closes the router, then Redis, then the database (which flushes
     * buffered spend rows).
     */
    void stop() {
      try {
        server.stop();
      } catch (Exception e) {
        log.warn("stopping the server failed", e);
      } finally {
        try {
          router.close();
        } finally {
          try {
            if (redis != null) {
              redis.close();
            }
          } finally {
            try {
              if (database != null) {
                database.close();
              }
            } finally {
              if (tracing != null) {
                tracing.close(); // last: exports the spans of the requests that just finished
              }
            }
          }
        }
      }
    }
  }

  /**
   * Loads {@code config}, builds the router and starts the server ({@code port} overrides {@code
   * server.port} when not {@code null}). On failure nothing is left running.
   */
  static Launched launch(Path config, Integer port) throws Exception {
    return launch(config, Options.of(port));
  }

  /** As {@link #launch(Path, Integer)}, with {@code options}. */
  static Launched launch(Path config, Options options) throws Exception {
    FacadeConfig fc = FacadeConfig.load(config, options.env());
    FacadeLogging.apply(fc.logging());
    ServerConfig sc = fc.server();
    if (options.port() != null || options.adminPort() != null) {
      ServerConfig.Builder b = sc.toBuilder();
      if (options.port() != null) {
        b.port(options.port());
      }
      if (options.adminPort() != null) {
        b.adminPort(options.adminPort());
      }
      sc = b.build();
    }
    RouterConfig rc = fc.router();
    boolean development = rc.deploymentMode() == DeploymentMode.DEVELOPMENT;
    String refusal = FacadeServer.bindRefusal(sc, fc.auth(), development);
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    // providers that name no transport use the facade's (server.upstream_transport); set before
    // the router builds them
    UpstreamTransports.setDefault(sc.upstreamTransport());
    FacadeMetrics metrics = new FacadeMetrics();
    FacadeTracing tracing = rc.tracing().enabled() ? FacadeTracing.create(rc.tracing()) : null;
    LlmuxDatabase db = null;
    RedisStores redis = null;
    LlmRouter router;
    try {
      db = fc.database() == null ? null : openDatabase(fc.database(), metrics, options.ticker());
      redis =
          fc.hasRedis()
              ? LlmuxRedis.settings(fc.redis(), options.env())
                  .meterRegistry(metrics.registry())
                  .build()
              : null;
      router = buildRouter(rc, db, redis, metrics, tracing);
    } catch (Exception | Error e) {
      closeQuietly(redis, db);
      if (tracing != null) {
        tracing.close();
      }
      throw e;
    }
    try {
      FacadeServer server =
          new FacadeServer(sc, metrics)
              .router(router)
              .keylessOnAnyHost(development)
              .logPrompts(fc.logging().logPrompts())
              .tracing(tracing)
              .metricsPath(rc.metrics().enabled() ? rc.metrics().path() : null);
      addDependencies(server, rc, db, redis);
      if (db != null) {
        server.database(db, new ConfigReload(config, fc, server::router, options.env()));
        server.auth(fc.auth(), fc.database().keyCacheTtl());
      }
      server.start();
      log.info(
          "deployment mode {}; state: {}; database: {}",
          rc.deploymentMode().key(),
          redis == null
              ? "in this process"
              : "Redis (namespace "
                  + redis.namespace()
                  + (LlmuxRedis.sharesRoutingState(rc) ? "" : "; routing state in this process")
                  + ")",
          db == null ? "none" : fc.database().url());
      if (db != null) {
        log.info(
            "management API on {}",
            sc.adminPort() == null ? "the same port" : "admin port " + server.adminPort());
      }
      if (fc.auth().jwt() != null) {
        log.info("JWT bearer tokens accepted from {}", fc.auth().jwt().issuer());
      }
      if (fc.auth().oidc() != null) {
        log.info("dashboard single sign-on with {}", fc.auth().oidc().issuer());
      }
      return new Launched(server, router, db, redis, tracing);
    } catch (Exception | Error e) {
      router.close();
      closeQuietly(redis, db);
      if (tracing != null) {
        tracing.close();
      }
      throw e;
    }
  }

  /**
   * The router of {@code rc}, composed once with what the file configures: the database's
   * governance policy, durable spend ({@link LlmuxDatabase#spendHistory()}) and spend writer, and
   * Redis's stores ({@link LlmuxRedis#configure(LlmRouter.Builder, RouterConfig, RedisStores,
   * GovernanceConfig.Builder)}, the composition the library uses too). Its meters are served at
   * {@code /metrics} beside the facade's.
   */
  static LlmRouter buildRouter(
      RouterConfig rc,
      LlmuxDatabase db,
      RedisStores redis,
      FacadeMetrics metrics,
      FacadeTracing tracing) {
    LlmRouter.Builder rb = LlmRouter.builder().meterRegistry(metrics.registry());
    if (tracing != null) {
      rb.openTelemetry(tracing.openTelemetry()); // the router's spans, exported over OTLP
    } else {
      rb.tracing(false); // nothing would export them
    }
    GovernanceConfig.Builder governance = GovernanceConfig.builder(rc.governance());
    if (db != null) {
      // stored keys', users', teams', organizations' and end users' budgets and limits on top of
      // the file's; every budget raised to its spend in the spend log (survives restarts)
      governance.policy(db.governancePolicy()).spendHistory(db.spendHistory());
      rb.callListener(db.spend().writer());
    }
    if (redis != null) {
      LlmuxRedis.configure(rb, rc, redis, governance);
    } else {
      rb.config(rc);
      rb.governance(governance.build());
    }
    return rb.build();
  }

  /**
   * What {@code /health/ready} checks besides the router: the database and Redis when configured.
   * Each is required (its outage answers 503) unless {@code governance.fail_open} is true: then an
   * outage only degrades the instance (budgets and limits are admitted unchecked, cached keys are
   * served), which is still ready. Redis without any budget or limit to enforce is never required:
   * the cache and routing state fall back to this instance.
   */
  private static void addDependencies(
      FacadeServer server, RouterConfig rc, LlmuxDatabase db, RedisStores redis) {
    boolean failOpen = Boolean.TRUE.equals(rc.governance().failOpen());
    if (db != null) {
      server.dependency(
          "database",
          !failOpen,
          failOpen
              ? "keys not cached are refused (503 database_unavailable), spend rows wait in the"
                  + " buffer, stored budgets and limits not cached are not enforced (fail-open)"
              : "keys not cached are refused (503 database_unavailable), stored budgets and limits"
                  + " not cached refuse calls (fail-closed)",
          () -> {
            if (!db.healthy()) {
              throw new IllegalStateException("the database does not answer");
            }
          });
    }
    if (redis != null) {
      boolean governed = db != null || rc.governance().isConfigured();
      server.dependency(
          "redis",
          governed && !failOpen,
          !governed
              ? "the cache and routing state fall back to this instance"
              : failOpen
                  ? "budgets and rate limits are not enforced (fail-open); the cache and routing"
                      + " state fall back to this instance"
                  : "budgets and rate limits refuse every call (fail-closed)",
          redis::ping);
    }
  }

  private static void closeQuietly(RedisStores redis, LlmuxDatabase db) {
    try {
      if (redis != null) {
        redis.close();
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  /** Opens (and migrates) the database of the {@code database} section. */
  static LlmuxDatabase openDatabase(DatabaseConfig c, FacadeMetrics metrics) {
    return openDatabase(c, metrics, null);
  }

  /** As {@link #openDatabase(DatabaseConfig, FacadeMetrics)}, its caches on {@code ticker}. */
  static LlmuxDatabase openDatabase(DatabaseConfig c, FacadeMetrics metrics, Ticker ticker) {
    LlmuxDatabase.Builder b =
        LlmuxDatabase.builder()
            .url(c.url())
            .maxPoolSize(c.maxPoolSize())
            .meterRegistry(metrics.registry())
            .keyCacheTtl(c.keyCacheTtl())
            .spendSettings(c.spend());
    if (c.username() != null) {
      b.username(c.username());
    }
    if (c.password() != null) {
      b.password(c.password());
    }
    if (ticker != null) {
      b.ticker(ticker);
    }
    return b.build();
  }

  public static void main(String[] argv) {
    Args args;
    try {
      args = parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (args == null) {
      System.out.println(USAGE);
      return;
    }
    Launched launched;
    try {
      launched =
          launch(args.config(), new Options(args.port(), args.adminPort(), System.getenv(), null));
    } catch (Exception e) {
      fail(e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(launched::stop, "llmux-facade-shutdown"));
    try {
      launched.server().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void fail(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    log.error("LLMux facade cannot start: {}", message);
    if (!(e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e.getClass().getName().endsWith("ConfigException"))) {
      log.error("cause", e);
    }
  }

  /** Parses the command line; {@code null} for {@code --help}. */
  static Args parse(String[] argv) {
    Path config = null;
    Integer port = null;
    Integer adminPort = null;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      String value = null;
      int eq = a.indexOf('=');
      String name = eq > 0 && a.startsWith("--") ? a.substring(0, eq) : a;
      if (eq > 0 && a.startsWith("--")) {
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "-h":
        case "--help":
          return null;
        case "--config":
        case "-c":
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new IllegalArgumentException("--config needs a file");
            }
            value = argv[++i];
          }
          config = Path.of(value);
          break;
        case "--port":
        case "-p":
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new IllegalArgumentException("--port needs a number");
            }
            value = argv[++i];
          }
          port = portArg("--port", value);
          break;
        case "--admin-port":
          if (value == null) {
            if (i + 1 >= argv.length) {
              throw new IllegalArgumentException("--admin-port needs a number");
            }
            value = argv[++i];
          }
          adminPort = portArg("--admin-port", value);
          break;
        default:
          throw new IllegalArgumentException("unknown argument: " + a);
      }
    }
    if (config == null) {
      throw new IllegalArgumentException("--config FILE is required");
    }
    if (!Files.isReadable(config)) {
      throw new IllegalArgumentException("--config: cannot read " + config);
    }
    return new Args(config, port, adminPort);
  }

  private static int portArg(String name, String value) {
    int p;
    try {
      p = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + value);
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException(name + ": must be 0..65535, got " + p);
    }
    return p;
  }
}
