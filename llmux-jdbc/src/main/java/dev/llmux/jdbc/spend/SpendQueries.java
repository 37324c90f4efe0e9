package dev.llmux.jdbc.spend;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.internal.Sql;
import java.math.BigDecimal;
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

/**
 * The read side of the spend log: row lists from the log, sums from the daily aggregates. SQL
 * failures surface as {@link dev.llmux.jdbc.DatabaseException} (through the module's {@link Sql}).
 */
final class SpendQueries {
  private static final String ROW_COLUMNS =
      "call_id, caller_request_id, key_id, user_id, team_id, org_id,"
          + " end_user_id, operation, streamed, requested_model, model_group, deployment_id, provider, provider_type,"
          + " prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost, started_at, latency_ms, ttft_ms,"
          + " cache_hit, status, http_status, error_type, tags, metadata";
  private static final String SUMS =
      "SUM(requests), SUM(successes), SUM(failures), SUM(cache_hits),"
          + " SUM(prompt_tokens), SUM(completion_tokens), SUM(cost)";

  private final Sql sql;

  SpendQueries(DataSource ds) {
    this.sql = new Sql(ds);
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

    /** {@link SpendLogFilter#status()}: success, failure (neither success nor cancelled), exact. */
    Where status(String status) {
      if (SpendLogFilter.FAILURE.equals(status)) {
        sql.append(" AND status <> ? AND status <> ?");
        params.add(SpendLogFilter.SUCCESS);
        params.add("cancelled");
        return this;
      }
      return eq("status", status);
    }

    Object[] args(Object... more) {
      List<Object> all = new ArrayList<>(params);
      all.addAll(List.of(more));
      return all.toArray();
    }
  }

  Page<SpendRow> logs(SpendLogFilter f) {
    Objects.requireNonNull(f, "filter");
    Where w =
        new Where()
            .cmp("spend_day", ">=", f.from())
            .cmp("spend_day", "<=", f.to())
            .eq("key_id", f.keyId())
            .eq("user_id", f.userId())
            .eq("team_id", f.teamId())
            .eq("org_id", f.orgId())
            .eq("end_user_id", f.endUserId())
            .either("model_group", "requested_model", f.model())
            .either("call_id", "caller_request_id", f.requestId())
            .status(f.status());
    long total = sql.count("SELECT COUNT(*) FROM llmux_spend_logs" + w.sql, w.args());
    List<SpendRow> rows =
        sql.query(
            "SELECT "
                + ROW_COLUMNS
                + " FROM llmux_spend_logs"
                + w.sql
                + " ORDER BY started_at DESC, call_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
            SpendQueries::row,
            w.args((long) (f.page() - 1) * f.size(), f.size()));
    return new Page<>(rows, total, f.page(), f.size());
  }

  Optional<SpendRow> log(String callId) {
    Objects.requireNonNull(callId, "callId");
    return sql.queryOne(
        "SELECT " + ROW_COLUMNS + " FROM llmux_spend_logs WHERE call_id = ?",
        SpendQueries::row,
        callId);
  }

  private static Where daily(SpendFilter f) {
    return new Where()
        .cmp("spend_day", ">=", f.from())
        .cmp("spend_day", "<=", f.to())
        .eq("key_id", dim(f.keyId()))
        .eq("user_id", dim(f.userId()))
        .eq("team_id", dim(f.teamId()))
        .eq("org_id", dim(f.orgId()))
        .eq("end_user_id", dim(f.endUserId()))
        .eq("model_group", dim(f.modelGroup()))
        .eq("provider", dim(f.provider()));
  }

  private static String dim(String v) {
    return v == null ? null : SpendStore.dim(v);
  }

  List<SpendTotal> totals(SpendGroupBy by, SpendFilter f) {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(f, "filter");
    Where w = daily(f);
    String query =
        "SELECT "
            + by.column
            + ", "
            + SUMS
            + " FROM llmux_daily_spend"
            + w.sql
            + " GROUP BY "
            + by.column
            + " ORDER BY SUM(cost) DESC, "
            + by.column;
    return sql.query(
        query,
        rs -> {
          String g = rs.getString(1);
          return total(g == null || g.isEmpty() ? null : g, rs, 2);
        },
        w.args());
  }

  List<DailyActivity> activity(SpendFilter f) {
    Objects.requireNonNull(f, "filter");
    Where w = daily(f);
    String query =
        "SELECT spend_day, "
            + SUMS
            + " FROM llmux_daily_spend"
            + w.sql
            + " GROUP BY spend_day ORDER BY spend_day";
    return sql.query(
        query,
        rs -> {
          SpendTotal t = total(null, rs, 2);
          return new DailyActivity(
              rs.getObject(1, LocalDate.class),
              t.requests(),
              t.successes(),
              t.failures(),
              t.cacheHits(),
              t.promptTokens(),
              t.completionTokens(),
              t.cost());
        },
        w.args());
  }

  SpendTotal total(SpendGroupBy by, String id) {
    Objects.requireNonNull(by, "by");
    return sql.queryOne(
            "SELECT " + SUMS + " FROM llmux_daily_spend WHERE " + by.column + " = ?",
            rs -> total(id, rs, 1),
            SpendStore.dim(id))
        .orElseThrow();
  }

  private static SpendTotal total(String group, ResultSet rs, int first) throws SQLException {
    BigDecimal cost = rs.getBigDecimal(first + 6);
    return new SpendTotal(
        group,
        rs.getLong(first),
        rs.getLong(first + 1),
        rs.getLong(first + 2),
        rs.getLong(first + 3),
        rs.getLong(first + 4),
        rs.getLong(first + 5),
        cost == null
            ? BigDecimal.ZERO.setScale(SpendStore.COST_SCALE)
            : cost.setScale(SpendStore.COST_SCALE));
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
    Map<String, String> metadata =
        parse(rs.getString(++i), new TypeReference<Map<String, String>>() {});
    return new SpendRow(
        callId,
        callerRequestId,
        keyId,
        userId,
        teamId,
        orgId,
        endUserId,
        operation,
        stream,
        requestedModel,
        modelGroup,
        deploymentId,
        provider,
        providerType,
        prompt,
        completion,
        cached,
        reasoning,
        cost,
        startedAt.toInstant(),
        latency,
        ttftMs,
        cacheHit,
        status,
        http,
        errorType,
        tags,
        metadata);
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
