package dev.llmux.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A tiny JDBC helper: queries and updates with positional arguments, and transactions. Arguments:
 * {@link Instant} is bound as a UTC {@link OffsetDateTime}, {@code null} with {@link Types#NULL}.
 * An integrity violation (SQL state 23xxx) becomes a {@link dev.llmux.jdbc.ConflictException}. Not
 * public API.
 */
public final class Sql {
  private final DataSource dataSource;

  public Sql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Maps the current row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Work inside a transaction. */
  @FunctionalInterface
  public interface TxWork<T> {
    T run(Tx tx) throws SQLException;
  }

  /** Runs {@code work} in one transaction: commit on return, rollback on any exception. */
  public <T> T tx(TxWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(new Tx(c));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException re) {
          e.addSuppressed(re);
        }
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state != null && state.startsWith("23")) {
        // integrity constraint violation: a duplicate the checks did not see (a concurrent insert),
        // or a row still referenced. The driver's message quotes the statement: it stays in the
        // cause (and the logs), out of what a caller sees.
        throw new dev.llmux.jdbc.ConflictException(
            "conflicts with stored data (a duplicate, or a row still in use)", e);
      }
      if (state != null && state.startsWith("22")) {
        // data exception: a value too long for its column, a number out of range. The stores check
        // lengths first; this catches what they do not know about.
        throw new IllegalArgumentException(
            "a value is too long or out of range for the database (SQL state " + state + ")", e);
      }
      throw failure(e);
    }
  }

  /** A read outside of a transaction (auto-commit). */
  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
    return tx(t -> t.query(sql, mapper, args));
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
    return tx(t -> t.queryOne(sql, mapper, args));
  }

  public long count(String sql, Object... args) {
    return tx(t -> t.count(sql, args));
  }

  /** One connection in a transaction. */
  public static final class Tx {
    private final Connection c;

    Tx(Connection c) {
      this.c = c;
    }

    public Connection connection() {
      return c;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
          List<T> out = new ArrayList<>();
          while (rs.next()) {
            out.add(mapper.map(rs));
          }
          return out;
        }
      }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args)
        throws SQLException {
      List<T> l = query(sql, mapper, args);
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    public long count(String sql, Object... args) throws SQLException {
      return queryOne(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    public int update(String sql, Object... args) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        return ps.executeUpdate();
      }
    }
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      int idx = i + 1;
      if (a == null) {
        ps.setNull(idx, Types.NULL);
      } else if (a instanceof Instant t) {
        ps.setObject(idx, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (a instanceof String s) {
        ps.setString(idx, s);
      } else if (a instanceof BigDecimal d) {
        ps.setBigDecimal(idx, d);
      } else if (a instanceof Long l) {
        ps.setLong(idx, l);
      } else if (a instanceof Integer n) {
        ps.setInt(idx, n);
      } else if (a instanceof Boolean b) {
        ps.setBoolean(idx, b);
      } else {
        ps.setObject(idx, a);
      }
    }
  }

  /** A nullable timestamp column. */
  public static Instant instant(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  public static Long longOrNull(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  public static Integer intOrNull(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  /** A nullable NUMERIC column, trailing zeros stripped (so 10.0000000000 reads as 10). */
  public static BigDecimal decimal(ResultSet rs, String col) throws SQLException {
    BigDecimal d = rs.getBigDecimal(col);
    if (d == null) {
      return null;
    }
    d = d.stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /** An SQL failure as the public {@link dev.llmux.jdbc.DatabaseException}. */
  static dev.llmux.jdbc.DatabaseException failure(SQLException e) {
    return new dev.llmux.jdbc.DatabaseException("database error: " + e.getMessage(), e);
  }
}
