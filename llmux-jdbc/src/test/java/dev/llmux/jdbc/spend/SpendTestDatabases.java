package dev.llmux.jdbc.spend;

import dev.llmux.jdbc.LlmuxDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Databases for the spend tests: a fresh H2 in-memory database, migrations, and a data source that
 * can be switched off. (PostgreSQL comes from {@code dev.llmux.jdbc.PostgresTestServer}.)
 */
final class SpendTestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private SpendTestDatabases() {}

  static String freshH2() {
    return "jdbc:h2:mem:spend" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
  }

  /** Runs the migrations on {@code url} (through a short-lived LlmuxDatabase). */
  static void migrate(String url) {
    try (LlmuxDatabase db =
        LlmuxDatabase.builder().dataSource(new SwitchableDataSource(url)).build()) {
      // migrated by build()
    }
  }

  /** A DataSource opening plain connections that fails every getConnection while "down". */
  static final class SwitchableDataSource implements DataSource {
    final String url;
    volatile boolean down;

    /** Connections open, but every statement fails as on a read-only database (SQLState 25006). */
    volatile boolean readOnly;

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
      Connection c = DriverManager.getConnection(url);
      if (!readOnly) {
        return c;
      }
      return (Connection)
          java.lang.reflect.Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, m, args) -> {
                if (m.getName().startsWith("prepare") || m.getName().equals("createStatement")) {
                  throw new SQLException(
                      "cannot execute in a read-only transaction (test)", "25006");
                }
                try {
                  return m.invoke(c, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
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
