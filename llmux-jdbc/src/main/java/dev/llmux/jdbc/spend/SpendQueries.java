package dev.llmux.jdbc.spend;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.llmux.jdbc.DatabaseException;
import dev.llmux.jdbc.Page;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** The read side of the spend log: row lists from the log, sums from the daily aggregates. */
final class SpendQueries {
  private static final String ROW_COLUMNS = "call_id, caller_request_id, key_id, user_id, team_id, org_id,"
      + " end_user_id, operation, streamed, requested_model, model_group, deployment_id, provider, provider_type,"
      + " prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost, started_at, latency_ms, ttft_ms,"
      + " cache_hit, status, http_status, error_type, tags, metadata";
  private static final String SUMS = "SUM(requests), SUM(successes), SUM(failures), SUM(cache_hits),"
      + " SUM(prompt_tokens), SUM(completion_tokens), SUM(cost)";

  private final DataSource ds;

  SpendQueries(DataSource ds) {
    this.ds = ds;
  }

  /** A WHERE clause under construction with its parameters. */
  private static final class Where {
    final StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    final List<Object> params = new ArrayList<>();

    Where eq(String column, Object value) {
      if (value != null) {
        sql.append(" AND ").append(column).append(" = ?");
        params.add(value);
      }
      return this;
    }

    Where cmp(String column, String op, Object value) {
      if (value != null) {
        sql.append(" AND ").append(column).append(' ').append(op).append(" ?");
        params.add(value);
      }
      return this;
    }

    Where either(String a, String b, Object value) {
      if (value != null) {
        sql.append(" AND (").append(a).append(" = ? OR ").append(b).append(" = ?)");
        params.add(value);
        params.add(value);
      }
      return this;
    }

    int bind(PreparedStatement ps) throws SQLException {
      int i = 0;
      for (Object p : params) {
        ps.setObject(++i, p);
      }
      return i;
    }
  }

  Page<SpendRow> logs(SpendLogFilter f) {
    Objects.requireNonNull(f, "filter");
    Where w = new Where()
        .cmp("spend_day", ">=", f.from()).cmp("spend_day", "<=", f.to())
        .eq("key_id", f.keyId()).eq("user_id", f.userId()).eq("team_id", f.teamId()).eq("org_id", f.orgId())
        .eq("end_user_id", f.endUserId())
        .either("model_group", "requested_model", f.model())
        .either("call_id", "caller_request_id", f.requestId());
    try (Connection c = ds.getConnection()) {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM llmux_spend_logs" + w.sql)) {
        w.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      List<SpendRow> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM llmux_spend_logs" + w.sql
          + " ORDER BY started_at DESC, call_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
        int i = w.bind(ps);
        ps.setLong(++i, (long) (f.page() - 1) * f.size());
        ps.setInt(++i, f.size());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
      }
      return new Page<>(rows, total, f.page(), f.size());
    } catch (SQLException e) {
      throw new DatabaseException("spend log query failed", e);
    }
  }

  Optional<SpendRow> log(String callId) {
    Objects.requireNonNull(callId, "callId");
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM llmux_spend_logs WHERE call_id = ?")) {
      ps.setString(1, callId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new DatabaseException("spend log query failed", e);
    }
  }

  private static Where daily(SpendFilter f) {
    return new Where()
        .cmp("spend_day", ">=", f.from()).cmp("spend_day", "<=", f.to())
        .eq("key_id", dim(f.keyId())).eq("user_id", dim(f.userId())).eq("team_id", dim(f.teamId()))
        .eq("org_id", dim(f.orgId())).eq("end_user_id", dim(f.endUserId()))
        .eq("model_group", dim(f.modelGroup())).eq("provider", dim(f.provider()));
  }

  private static String dim(String v) {
    return v == null ? null : SpendStore.dim(v);
  }

  List<SpendTotal> totals(SpendGroupBy by, SpendFilter f) {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(f, "filter");
    Where w = daily(f);
    String sql = "SELECT " + by.column + ", " + SUMS + " FROM llmux_daily_spend" + w.sql
        + " GROUP BY " + by.column + " ORDER BY SUM(cost) DESC, " + by.column;
    List<SpendTotal> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String g = rs.getString(1);
          out.add(total(g == null || g.isEmpty() ? null : g, rs, 2));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new DatabaseException("spend totals query failed", e);
    }
  }

  List<DailyActivity> activity(SpendFilter f) {
    Objects.requireNonNull(f, "filter");
    Where w = daily(f);
    String sql = "SELECT spend_day, " + SUMS + " FROM llmux_daily_spend" + w.sql
        + " GROUP BY spend_day ORDER BY spend_day";
    List<DailyActivity> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      w.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SpendTotal t = total(null, rs, 2);
          out.add(new DailyActivity(rs.getObject(1, LocalDate.class), t.requests(), t.successes(), t.failures(),
              t.cacheHits(), t.promptTokens(), t.completionTokens(), t.cost()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new DatabaseException("spend activity query failed", e);
    }
  }

  SpendTotal total(SpendGroupBy by, String id) {
    Objects.requireNonNull(by, "by");
    String sql = "SELECT " + SUMS + " FROM llmux_daily_spend WHERE " + by.column + " = ?";
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, SpendStore.dim(id));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return total(id, rs, 1);
      }
    } catch (SQLException e) {
      throw new DatabaseException("spend total query failed", e);
    }
  }

  private static SpendTotal total(String group, ResultSet rs, int first) throws SQLException {
    BigDecimal cost = rs.getBigDecimal(first + 6);
    return new SpendTotal(group, rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2),
        rs.getLong(first + 3), rs.getLong(first + 4), rs.getLong(first + 5),
        cost == null ? BigDecimal.ZERO.setScale(SpendStore.COST_SCALE) : cost.setScale(SpendStore.COST_SCALE));
  }

  private static SpendRow row(ResultSet rs) throws SQLException {
    int i = 0;
    String callId = rs.getString(++i);
    String callerRequestId = rs.getString(++i);
    String keyId = rs.getString(++i);
    String userId = rs.getString(++i);
    String teamId = rs.getString(++i);
    String orgId = rs.getString(++i);
    String endUserId = rs.getString(++i);
    String operation = rs.getString(++i);
    boolean stream = rs.getBoolean(++i);
    String requestedModel = rs.getString(++i);
    String modelGroup = rs.getString(++i);
    String deploymentId = rs.getString(++i);
    String provider = rs.getString(++i);
    String providerType = rs.getString(++i);
    long prompt = rs.getLong(++i);
    long completion = rs.getLong(++i);
    long cached = rs.getLong(++i);
    long reasoning = rs.getLong(++i);
    BigDecimal cost = rs.getBigDecimal(++i);
    OffsetDateTime startedAt = rs.getObject(++i, OffsetDateTime.class);
    long latency = rs.getLong(++i);
    long ttft = rs.getLong(++i);
    Long ttftMs = rs.wasNull() ? null : ttft;
    boolean cacheHit = rs.getBoolean(++i);
    String status = rs.getString(++i);
    int http = rs.getInt(++i);
    String errorType = rs.getString(++i);
    List<String> tags = parse(rs.getString(++i), new TypeReference<List<String>>() {});
    Map<String, String> metadata = parse(rs.getString(++i), new TypeReference<Map<String, String>>() {});
    return new SpendRow(callId, callerRequestId, keyId, userId, teamId, orgId, endUserId, operation, stream,
        requestedModel, modelGroup, deploymentId, provider, providerType, prompt, completion, cached, reasoning,
        cost, startedAt.toInstant(), latency, ttftMs, cacheHit, status, http, errorType, tags, metadata);
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    try {
      return SpendStore.JSON.readValue(json, type);
    } catch (java.io.IOException e) {
      return null; // a row written by hand with bad JSON: shown without it
    }
  }
}
