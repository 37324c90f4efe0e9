package dev.llmux.jdbc.spend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmux.core.CallRecord;
import dev.llmux.jdbc.internal.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Writes one batch in one transaction: the rows whose call id is not stored yet, and the daily
 * aggregates of exactly those rows. A replayed batch (say, after a commit whose acknowledgement was
 * lost) inserts nothing and adds nothing. The aggregate upsert is an UPDATE, then an INSERT when no
 * row matched: the same SQL on H2 and PostgreSQL; a concurrent insert by another instance fails the
 * transaction with a unique violation and the batch is retried whole.
 */
final class SpendStore {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Scale of the NUMERIC(20,10) cost columns: rows are rounded once, so sums of rows equal
   * aggregates.
   */
  static final int COST_SCALE = 10;

  private static final int IN_CHUNK = 500;

  private static final String INSERT =
      "INSERT INTO llmux_spend_logs (call_id, caller_request_id, key_id, user_id,"
          + " team_id, org_id, end_user_id, operation, streamed, requested_model, model_group, deployment_id, provider,"
          + " provider_type, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost, started_at,"
          + " spend_day, latency_ms, ttft_ms, cache_hit, status, http_status, error_type, tags, metadata)"
          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String DIMENSIONS =
      "spend_day = ? AND key_id = ? AND user_id = ? AND team_id = ?"
          + " AND org_id = ? AND end_user_id = ? AND model_group = ? AND provider = ?";
  private static final String UPDATE_DAILY =
      "UPDATE llmux_daily_spend SET requests = requests + ?,"
          + " successes = successes + ?, failures = failures + ?, cache_hits = cache_hits + ?,"
          + " prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, cost = cost + ? WHERE "
          + DIMENSIONS;
  private static final String INSERT_DAILY =
      "INSERT INTO llmux_daily_spend (requests, successes, failures,"
          + " cache_hits, prompt_tokens, completion_tokens, cost, spend_day, key_id, user_id, team_id, org_id,"
          + " end_user_id, model_group, provider) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private final Sql sql;

  SpendStore(DataSource ds) {
    this.sql = new Sql(ds);
  }

  /**
   * Whether {@code e} says the database refused the data (SQLState class 22, data exception, or 23,
   * integrity violation; {@code ConflictException} is how the module reports class 23) rather than
   * being unavailable.
   */
  static boolean refusesData(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.llmux.jdbc.ConflictException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        for (SQLException x = sql; x != null; x = x.getNextException()) {
          String state = x.getSQLState();
          if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return true;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * Writes the batch; returns how many rows were new (the rest were already stored). Throws the
   * module's {@code DatabaseException} (or {@code ConflictException} for a lost insert race).
   */
  int write(List<CallRecord> batch) {
    return sql.tx(
        tx -> {
          List<CallRecord> fresh = fresh(tx.connection(), batch);
          insertRows(tx.connection(), fresh);
          upsertDaily(tx.connection(), fresh);
          return fresh.size();
        });
  }

  /** The batch's records whose call id is in neither the table nor earlier in the batch. */
  private static List<CallRecord> fresh(Connection c, List<CallRecord> batch) throws SQLException {
    Set<String> seen = new HashSet<>();
    for (int from = 0; from < batch.size(); from += IN_CHUNK) {
      List<CallRecord> chunk = batch.subList(from, Math.min(batch.size(), from + IN_CHUNK));
      String sql =
          "SELECT call_id FROM llmux_spend_logs WHERE call_id IN ("
              + "?,".repeat(chunk.size() - 1)
              + "?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i).id());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seen.add(rs.getString(1));
          }
        }
      }
    }
    List<CallRecord> out = new ArrayList<>(batch.size());
    for (CallRecord r : batch) {
      if (seen.add(r.id())) {
        out.add(r);
      }
    }
    return out;
  }

  private static void insertRows(Connection c, List<CallRecord> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (CallRecord r : rows) {
        int i = 0;
        ps.setString(++i, r.id());
        ps.setString(++i, cut(r.callerRequestId(), 255));
        ps.setString(++i, cut(r.keyId(), 255));
        ps.setString(++i, cut(r.userId(), 255));
        ps.setString(++i, cut(r.teamId(), 255));
        ps.setString(++i, cut(r.orgId(), 255));
        ps.setString(++i, cut(r.endUserId(), 255));
        ps.setString(++i, r.operation());
        ps.setBoolean(++i, r.stream());
        ps.setString(++i, cut(r.requestedModel(), 255));
        ps.setString(++i, cut(r.modelGroup(), 255));
        ps.setString(++i, cut(r.deploymentId(), 255));
        ps.setString(++i, cut(r.provider(), 255));
        ps.setString(++i, cut(r.providerType(), 64));
        ps.setLong(++i, r.promptTokens());
        ps.setLong(++i, r.completionTokens());
        ps.setLong(++i, r.cachedTokens());
        ps.setLong(++i, r.reasoningTokens());
        BigDecimal cost = cost(r);
        if (cost == null) {
          ps.setNull(++i, Types.NUMERIC);
        } else {
          ps.setBigDecimal(++i, cost);
        }
        ps.setObject(++i, OffsetDateTime.ofInstant(r.startedAt(), ZoneOffset.UTC));
        ps.setObject(++i, day(r));
        ps.setLong(++i, r.latency() == null ? 0 : r.latency().toMillis());
        if (r.timeToFirstToken() == null) {
          ps.setNull(++i, Types.BIGINT);
        } else {
          ps.setLong(++i, r.timeToFirstToken().toMillis());
        }
        ps.setBoolean(++i, r.cacheHit());
        ps.setString(++i, cut(r.status(), 64));
        ps.setInt(++i, r.httpStatus());
        ps.setString(++i, cut(r.errorType(), 255));
        ps.setString(++i, json(r.tags(), 65_536, "[]"));
        ps.setString(++i, json(r.metadata(), 1_000_000, "{}"));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The aggregate dimensions of a row ('' for none) and its sums. */
  private record Dims(
      LocalDate day,
      String key,
      String user,
      String team,
      String org,
      String endUser,
      String model,
      String provider)
      implements Comparable<Dims> {
    private static final java.util.Comparator<Dims> ORDER =
        java.util.Comparator.comparing(Dims::day)
            .thenComparing(Dims::key)
            .thenComparing(Dims::user)
            .thenComparing(Dims::team)
            .thenComparing(Dims::org)
            .thenComparing(Dims::endUser)
            .thenComparing(Dims::model)
            .thenComparing(Dims::provider);

    @Override
    public int compareTo(Dims o) {
      return ORDER.compare(this, o);
    }
  }

  private static final class Sums {
    long requests;
    long successes;
    long failures;
    long cacheHits;
    long prompt;
    long completion;
    BigDecimal cost = BigDecimal.ZERO.setScale(COST_SCALE);
  }

  private static void upsertDaily(Connection c, List<CallRecord> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    // sorted: concurrent writers (other instances) lock aggregate rows in the same order, no
    // deadlock
    Map<Dims, Sums> sums = new java.util.TreeMap<>();
    for (CallRecord r : rows) {
      Dims d =
          new Dims(
              day(r),
              dim(r.keyId()),
              dim(r.userId()),
              dim(r.teamId()),
              dim(r.orgId()),
              dim(r.endUserId()),
              dim(r.modelGroup()),
              dim(r.provider()));
      Sums s = sums.computeIfAbsent(d, k -> new Sums());
      s.requests++;
      if (r.succeeded()) {
        s.successes++;
      } else {
        s.failures++;
      }
      if (r.cacheHit()) {
        s.cacheHits++;
      }
      s.prompt += r.promptTokens();
      s.completion += r.completionTokens();
      BigDecimal cost = cost(r);
      if (cost != null) {
        s.cost = s.cost.add(cost);
      }
    }
    List<Map.Entry<Dims, Sums>> missing = new ArrayList<>();
    try (PreparedStatement up = c.prepareStatement(UPDATE_DAILY)) {
      for (Map.Entry<Dims, Sums> e : sums.entrySet()) {
        bind(up, e.getKey(), e.getValue());
        if (up.executeUpdate() == 0) {
          missing.add(e);
        }
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement ins = c.prepareStatement(INSERT_DAILY)) {
      for (Map.Entry<Dims, Sums> e : missing) {
        bind(ins, e.getKey(), e.getValue());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  /**
   * Binds the sums, then the dimensions: the parameter order of both UPDATE_DAILY and INSERT_DAILY.
   */
  private static void bind(PreparedStatement ps, Dims d, Sums s) throws SQLException {
    int i = 0;
    ps.setLong(++i, s.requests);
    ps.setLong(++i, s.successes);
    ps.setLong(++i, s.failures);
    ps.setLong(++i, s.cacheHits);
    ps.setLong(++i, s.prompt);
    ps.setLong(++i, s.completion);
    ps.setBigDecimal(++i, s.cost);
    ps.setObject(++i, d.day());
    ps.setString(++i, d.key());
    ps.setString(++i, d.user());
    ps.setString(++i, d.team());
    ps.setString(++i, d.org());
    ps.setString(++i, d.endUser());
    ps.setString(++i, d.model());
    ps.setString(++i, d.provider());
  }

  static LocalDate day(CallRecord r) {
    return LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC);
  }

  static BigDecimal cost(CallRecord r) {
    Double c = r.cost();
    if (c == null || c.isNaN() || c.isInfinite()) {
      return null;
    }
    return BigDecimal.valueOf(c).setScale(COST_SCALE, RoundingMode.HALF_UP);
  }

  /**
   * The aggregate table's value for a dimension: '' for none (primary key columns are NOT NULL).
   */
  static String dim(String v) {
    return v == null ? "" : cut(v, 255);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static String json(Object o, int max, String tooLong) {
    try {
      String s = JSON.writeValueAsString(o);
      return s.length() > max ? tooLong : s;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
