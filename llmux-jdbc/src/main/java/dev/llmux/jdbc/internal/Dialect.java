package dev.llmux.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** The few SQL differences between the supported databases. Not public API. */
public enum Dialect {
  H2,
  POSTGRESQL;

  /** The dialect of {@code ds}'s database (anything not PostgreSQL is treated as H2). */
  public static Dialect of(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      String name = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      return name.contains("postgres") ? POSTGRESQL : H2;
    } catch (SQLException e) {
      throw Sql.failure(e);
    }
  }

  /**
   * An insert that replaces the row with the same key: {@code INSERT ... ON CONFLICT (key) DO
   * UPDATE} on PostgreSQL, {@code MERGE INTO ... KEY (key)} on H2. Parameters in the order of
   * {@code columns}.
   */
  public String upsert(String table, List<String> keyColumns, List<String> columns) {
    String cols = String.join(", ", columns);
    String params = String.join(", ", columns.stream().map(c -> "?").toList());
    if (this == H2) {
      return "MERGE INTO "
          + table
          + " ("
          + cols
          + ") KEY ("
          + String.join(", ", keyColumns)
          + ") VALUES ("
          + params
          + ")";
    }
    StringBuilder set = new StringBuilder();
    for (String c : columns) {
      if (!keyColumns.contains(c)) {
        set.append(set.length() == 0 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
      }
    }
    return "INSERT INTO "
        + table
        + " ("
        + cols
        + ") VALUES ("
        + params
        + ") ON CONFLICT ("
        + String.join(", ", keyColumns)
        + ")"
        + (set.length() == 0 ? " DO NOTHING" : " DO UPDATE SET " + set);
  }

  /** An insert that does nothing when a row with the same key exists. */
  public String insertIgnore(String table, List<String> keyColumns, List<String> columns) {
    String cols = String.join(", ", columns);
    String params = String.join(", ", columns.stream().map(c -> "?").toList());
    if (this == H2) {
      // H2 has no ON CONFLICT; MERGE ... KEY would update, so insert only when absent.
      StringBuilder where = new StringBuilder();
      for (String k : keyColumns) {
        where
            .append(where.length() == 0 ? "" : " AND ")
            .append("t.")
            .append(k)
            .append(" = s.")
            .append(k);
      }
      return "MERGE INTO "
          + table
          + " t USING (VALUES ("
          + params
          + ")) s ("
          + cols
          + ") ON ("
          + where
          + ") WHEN NOT MATCHED THEN INSERT ("
          + cols
          + ") VALUES ("
          + String.join(", ", columns.stream().map(c -> "s." + c).toList())
          + ")";
    }
    return "INSERT INTO "
        + table
        + " ("
        + cols
        + ") VALUES ("
        + params
        + ") ON CONFLICT ("
        + String.join(", ", keyColumns)
        + ") DO NOTHING";
  }
}
