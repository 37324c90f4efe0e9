package dev.llmux.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL the tests use: {@code LLMUX_TEST_POSTGRES_URL} (a JDBC url including user and
 * password) when set, otherwise zonky's embedded PostgreSQL started once per JVM and stopped at JVM
 * exit. Each test gets a fresh schema ({@link #freshSchemaUrl()}). Public (in the {@code
 * llmux-jdbc:tests} jar) for the facade's tests.
 */
public final class PostgresTestServer {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static String url;

  private PostgresTestServer() {}

  public static synchronized String url() {
    if (url == null) {
      String env = System.getenv("LLMUX_TEST_POSTGRES_URL");
      if (env != null && !env.isBlank()) {
        url = env.trim();
      } else {
        try {
          EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        try {
                          pg.close();
                        } catch (IOException e) {
                          // the JVM is exiting
                        }
                      }));
          url = pg.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
          throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
      }
    }
    return url;
  }

  /** A url whose default schema is a new, empty schema. */
  public static String freshSchemaUrl() {
    String base = url();
    String schema = "llmux_t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = DriverManager.getConnection(base);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
