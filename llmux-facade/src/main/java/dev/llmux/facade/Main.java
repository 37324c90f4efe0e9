package dev.llmux.facade;

import dev.llmux.core.LlmRouter;
import dev.llmux.core.governance.GovernanceConfig;
import dev.llmux.jdbc.LlmuxDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar llmux-facade.jar --config FILE [--port N]}: loads the configuration, builds the
 * router, serves it until SIGTERM/SIGINT, then stops gracefully (in-flight requests and streams
 * finish, up to {@code server.shutdown_timeout}) and closes the router.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  static final String USAGE = "usage: java -jar llmux-facade.jar --config FILE [--port N]";

  private Main() {}

  /** Parsed command line. */
  record Args(Path config, Integer port) {}

  /** A started server, the router it serves and its database (or {@code null}). */
  record Launched(FacadeServer server, LlmRouter router, LlmuxDatabase database) {
    /**
     * Stops the server, then closes the router, then the database (which flushes buffered spend
     * rows).
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
          if (database != null) {
            database.close();
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
    FacadeConfig fc = FacadeConfig.load(config);
    ServerConfig sc = fc.server();
    if (port != null) {
      sc = sc.toBuilder().port(port).build();
    }
    String refusal = FacadeServer.bindRefusal(sc, fc.auth());
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    FacadeMetrics metrics = new FacadeMetrics();
    LlmuxDatabase db = fc.database() == null ? null : openDatabase(fc.database(), metrics);
    LlmRouter router;
    try {
      // the router's own meters (gen_ai.*, llmux.*) are served at /metrics beside the facade's
      LlmRouter.Builder rb =
          LlmRouter.builder().config(fc.router()).meterRegistry(metrics.registry());
      if (db != null) {
        // stored keys', users', teams', organizations' budgets and limits on top of the file's
        rb.governance(
            GovernanceConfig.builder(fc.router().governance())
                .policy(db.governancePolicy())
                .build());
        rb.callListener(db.spend().writer());
      }
      router = rb.build();
    } catch (Exception | Error e) {
      if (db != null) {
        db.close();
      }
      throw e;
    }
    try {
      FacadeServer server = new FacadeServer(sc, metrics).router(router);
      if (db != null) {
        server.database(db, new ConfigReload(config, fc, server::router));
        server.auth(fc.auth(), fc.database().keyCacheTtl());
      }
      server.start();
      if (db != null) {
        log.info(
            "management API on {} (database {})",
            sc.adminPort() == null ? "the same port" : "admin port " + server.adminPort(),
            fc.database().url());
      }
      if (fc.auth().jwt() != null) {
        log.info("JWT bearer tokens accepted from {}", fc.auth().jwt().issuer());
      }
      if (fc.auth().oidc() != null) {
        log.info("dashboard single sign-on with {}", fc.auth().oidc().issuer());
      }
      return new Launched(server, router, db);
    } catch (Exception | Error e) {
      router.close();
      if (db != null) {
        db.close();
      }
      throw e;
    }
  }

  /** Opens (and migrates) the database of the {@code database} section. */
  static LlmuxDatabase openDatabase(DatabaseConfig c, FacadeMetrics metrics) {
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
      launched = launch(args.config(), args.port());
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
          try {
            port = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port: not a number: " + value);
          }
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port: must be 0..65535, got " + port);
          }
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
    return new Args(config, port);
  }
}
