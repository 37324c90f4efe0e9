package dev.llmux.jdbc.spend;

import dev.llmux.jdbc.LlmuxDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Databases for the spend tests: a fresh H2 in-memory database, or a fresh schema on PostgreSQL
 * ({@code LLMUX_TEST_POSTGRES_URL} when set, else zonky's embedded PostgreSQL, started once per JVM).
 * The same idea as the store tests' {@code PostgresTestServer} (package-private there).
 */
final class SpendTestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static String postgresUrl;

  private SpendTestDatabases() {}

  static String freshH2() {
    return "jdbc:h2:mem:spend" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
  }

  static synchronized String postgres() {
    if (postgresUrl == null) {
      String env = System.getenv("LLMUX_TEST_POSTGRES_URL");
      if (env != null && !env.isBlank()) {
        postgresUrl = env.trim();
      } else {
        try {
          EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              pg.close();
            } catch (IOException e) {
              // exiting
            }
          }));
          postgresUrl = pg.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
          throw new IllegalStateException("could not start embedded PostgreSQL", e);
        }
      }
    }
    return postgresUrl;
  }

  static String freshPostgres() {
    String base = postgres();
    String schema = "llmux_spend" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Runs the migrations on {@code url} (through a short-lived LlmuxDatabase). */
  static void migrate(String url) {
    try (LlmuxDatabase db = LlmuxDatabase.builder().dataSource(new SwitchableDataSource(url)).build()) {
      // migrated by build()
    }
  }

  /** A DataSource opening plain connections that fails every getConnection while "down". */
  static final class SwitchableDataSource implements DataSource {
    final String url;
    volatile boolean down;
    final AtomicInteger connections = new AtomicInteger();

    SwitchableDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down) {
        throw new SQLException("database down (test)", "08001");
      }
      connections.incrementAndGet();
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
