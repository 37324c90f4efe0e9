package dev.llmux.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmux.core.governance.BudgetDuration;
import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.BudgetDef;
import dev.llmux.jdbc.EndUser;
import dev.llmux.jdbc.Invitation;
import dev.llmux.jdbc.Limits;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.Organization;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.User;
import dev.llmux.jdbc.UserRole;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** What every store shares: the SQL helper, the clock, the change hook, audit rows, row mapping. */
abstract class StoreBase {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 500;
  static final String LIMIT_COLS =
      "max_budget, soft_budget, budget_duration, tpm, rpm, max_parallel_requests";
  static final String LIMIT_SET =
      "max_budget = ?, soft_budget = ?, budget_duration = ?, tpm = ?, rpm = ?, "
          + "max_parallel_requests = ?";

  final StoreContext ctx;
  final Sql sql;

  StoreBase(StoreContext ctx) {
    this.ctx = ctx;
    this.sql = ctx.sql();
  }

  /** Now, truncated to microseconds (the precision both databases keep). */
  Instant now() {
    return ctx.clock().instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Runs a change in one transaction, then invalidates the caches. */
  <T> T mutate(Sql.TxWork<T> work) {
    try {
      return sql.tx(work);
    } finally {
      ctx.onChange().run();
    }
  }

  /** Appends an audit row (inside the change's transaction). */
  void audit(
      Sql.Tx tx,
      Actor actor,
      String action,
      String objectType,
      String objectId,
      Object before,
      Object after)
      throws SQLException {
    Objects.requireNonNull(actor, "actor");
    tx.update(
        "INSERT INTO llmux_audit_log (occurred_at, actor, actor_key_id, action, object_type, object_id, "
            + "before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        now(),
        actor.id(),
        actor.keyId(),
        action,
        objectType,
        objectId,
        snapshot(before),
        snapshot(after));
  }

  private static String snapshot(Object o) {
    if (o == null) {
      return null;
    }
    try {
      return Codec.AUDIT_JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  static String checkId(String id, String name) {
    require(id, name);
    if (id.length() > 128) {
      throw new IllegalArgumentException(name + " is longer than 128 characters");
    }
    return id;
  }

  /** The longest alias the schema holds ({@code alias VARCHAR(256)}). */
  static final int MAX_ALIAS = 256;

  /**
   * {@code value} when it fits its column, else a 400 naming the field and the limit, checked
   * before the database would refuse it with an error that quotes the statement.
   */
  static String checkLength(String value, int max, String name) {
    if (value != null && value.length() > max) {
      throw new IllegalArgumentException(
          name + " must be at most " + max + " characters, got " + value.length());
    }
    return value;
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** Validated limits (negative numbers, bad durations -> 400). */
  static Limits checkLimits(Limits l) {
    if (l == null) {
      return null;
    }
    nonNegative(l.maxBudget(), "max_budget");
    nonNegative(l.softBudget(), "soft_budget");
    if (l.budgetDuration() != null) {
      BudgetDuration.parse(l.budgetDuration());
    }
    if (l.tpm() != null && l.tpm() < 0) {
      throw new IllegalArgumentException("tpm_limit must be >= 0, got " + l.tpm());
    }
    if (l.rpm() != null && l.rpm() < 0) {
      throw new IllegalArgumentException("rpm_limit must be >= 0, got " + l.rpm());
    }
    if (l.maxParallelRequests() != null && l.maxParallelRequests() < 0) {
      throw new IllegalArgumentException(
          "max_parallel_requests must be >= 0, got " + l.maxParallelRequests());
    }
    return l;
  }

  static void nonNegative(BigDecimal d, String name) {
    if (d != null && d.signum() < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + d.toPlainString());
    }
  }

  static Object[] limitArgs(Limits l) {
    return new Object[] {
      l.maxBudget(), l.softBudget(), l.budgetDuration(), l.tpm(), l.rpm(), l.maxParallelRequests()
    };
  }

  static Limits limits(ResultSet rs) throws SQLException {
    return new Limits(
        Sql.decimal(rs, "max_budget"),
        Sql.decimal(rs, "soft_budget"),
        rs.getString("budget_duration"),
        Sql.longOrNull(rs, "tpm"),
        Sql.longOrNull(rs, "rpm"),
        Sql.intOrNull(rs, "max_parallel_requests"));
  }

  /** Concatenates argument arrays (single values and Object[] spread). */
  static Object[] args(Object... parts) {
    List<Object> out = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof Object[] arr) {
        out.addAll(java.util.Arrays.asList(arr));
      } else {
        out.add(p);
      }
    }
    return out.toArray();
  }

  // --- paging and search
  // ---------------------------------------------------------------------------

  record PageReq(int page, int size) {
    int offset() {
      return (page - 1) * size;
    }
  }

  static PageReq page(int page, int size) {
    if (page < 0) {
      throw new IllegalArgumentException("page must be >= 1, got " + page);
    }
    if (size < 0 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page size must be between 1 and " + MAX_PAGE_SIZE + ", got " + size);
    }
    return new PageReq(page == 0 ? 1 : page, size == 0 ? DEFAULT_PAGE_SIZE : size);
  }

  /** A LIKE pattern for a case-insensitive substring search (wildcards in the input escaped). */
  static String like(String search) {
    String s = lower(search).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + s + "%";
  }

  /** A WHERE clause under construction. */
  static final class Where {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    Where and(String condition, Object... values) {
      sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
      args.addAll(java.util.Arrays.asList(values));
      return this;
    }

    /** Adds {@code condition} only when {@code value} is not null. */
    Where andIf(Object value, String condition) {
      return value == null ? this : and(condition, value);
    }

    /** Case-insensitive substring search over {@code columns} when {@code search} is not blank. */
    Where search(String search, String... columns) {
      if (search == null || search.isBlank()) {
        return this;
      }
      String pattern = like(search.trim());
      StringBuilder c = new StringBuilder("(");
      Object[] vals = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        c.append(i == 0 ? "" : " OR ")
            .append("LOWER(")
            .append(columns[i])
            .append(") LIKE ? ESCAPE '\\'");
        vals[i] = pattern;
      }
      return and(c.append(")").toString(), vals);
    }

    String sql() {
      return sql.toString();
    }

    Object[] args() {
      return args.toArray();
    }
  }

  /** One page of {@code SELECT * FROM table <where> ORDER BY order}. */
  <T> Page<T> pageOf(String table, Where where, String order, PageReq p, Sql.RowMapper<T> mapper) {
    return sql.tx(
        tx -> {
          long total = tx.count("SELECT COUNT(*) FROM " + table + where.sql(), where.args());
          List<T> items =
              tx.query(
                  "SELECT * FROM "
                      + table
                      + where.sql()
                      + " ORDER BY "
                      + order
                      + " LIMIT "
                      + p.size()
                      + " OFFSET "
                      + p.offset(),
                  mapper,
                  where.args());
          return new Page<>(items, total, p.page(), p.size());
        });
  }

  // --- row mappers
  // ---------------------------------------------------------------------------------

  static ApiKey key(ResultSet rs) throws SQLException {
    return new ApiKey(
        rs.getString("id"),
        rs.getString("key_name"),
        rs.getString("alias"),
        rs.getString("user_id"),
        rs.getString("team_id"),
        rs.getString("organization_id"),
        Codec.stringList(rs.getString("models")),
        Codec.stringMap(rs.getString("aliases")),
        limits(rs),
        Codec.objectMap(rs.getString("metadata")),
        Codec.stringList(rs.getString("tags")),
        Sql.instant(rs, "expires_at"),
        rs.getBoolean("blocked"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("created_by"),
        Sql.instant(rs, "previous_key_valid_until"));
  }

  static User user(ResultSet rs) throws SQLException {
    return new User(
        rs.getString("id"),
        rs.getString("email"),
        rs.getString("alias"),
        UserRole.fromKey(rs.getString("role")),
        Codec.stringList(rs.getString("models")),
        limits(rs),
        Codec.objectMap(rs.getString("metadata")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("created_by"));
  }

  static Team team(ResultSet rs) throws SQLException {
    return new Team(
        rs.getString("id"),
        rs.getString("alias"),
        rs.getString("organization_id"),
        Codec.stringList(rs.getString("models")),
        limits(rs),
        Codec.objectMap(rs.getString("metadata")),
        Codec.stringList(rs.getString("tags")),
        rs.getBoolean("blocked"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("created_by"));
  }

  static Organization org(ResultSet rs) throws SQLException {
    return new Organization(
        rs.getString("id"),
        rs.getString("alias"),
        Codec.stringList(rs.getString("models")),
        limits(rs),
        rs.getString("budget_id"),
        Codec.objectMap(rs.getString("metadata")),
        rs.getBoolean("blocked"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("created_by"));
  }

  static TeamMember teamMember(ResultSet rs) throws SQLException {
    return new TeamMember(
        rs.getString("team_id"),
        rs.getString("user_id"),
        TeamRole.fromKey(rs.getString("role")),
        Sql.decimal(rs, "max_budget_in_team"));
  }

  static OrgMember orgMember(ResultSet rs) throws SQLException {
    return new OrgMember(
        rs.getString("organization_id"),
        rs.getString("user_id"),
        OrgRole.fromKey(rs.getString("role")));
  }

  static BudgetDef budget(ResultSet rs) throws SQLException {
    return new BudgetDef(
        rs.getString("id"),
        limits(rs),
        Codec.decimalMap(rs.getString("model_max_budget")),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("created_by"));
  }

  static EndUser endUser(ResultSet rs) throws SQLException {
    return new EndUser(
        rs.getString("id"),
        rs.getString("alias"),
        rs.getString("budget_id"),
        rs.getBoolean("blocked"),
        Sql.instant(rs, "created_at"));
  }

  static Invitation invitation(ResultSet rs) throws SQLException {
    return new Invitation(
        rs.getString("id"),
        rs.getString("team_id"),
        rs.getString("organization_id"),
        rs.getString("role"),
        rs.getInt("max_uses"),
        rs.getInt("uses"),
        Sql.instant(rs, "expires_at"),
        Sql.instant(rs, "created_at"),
        rs.getString("created_by"));
  }

  // --- lookups inside a transaction
  // ------------------------------------------------------------------

  static User loadUser(Sql.Tx tx, String id) throws SQLException {
    return tx.queryOne("SELECT * FROM llmux_users WHERE id = ?", StoreBase::user, id)
        .orElseThrow(() -> new NotFoundException("user '" + id + "' not found"));
  }

  static Team loadTeam(Sql.Tx tx, String id) throws SQLException {
    return tx.queryOne("SELECT * FROM llmux_teams WHERE id = ?", StoreBase::team, id)
        .orElseThrow(() -> new NotFoundException("team '" + id + "' not found"));
  }

  static Organization loadOrg(Sql.Tx tx, String id) throws SQLException {
    return tx.queryOne("SELECT * FROM llmux_organizations WHERE id = ?", StoreBase::org, id)
        .orElseThrow(() -> new NotFoundException("organization '" + id + "' not found"));
  }

  static boolean exists(Sql.Tx tx, String table, String column, Object value) throws SQLException {
    return tx.count("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?", value) > 0;
  }

  /** A reference given in a spec must exist: 400 otherwise. */
  static void requireRef(Sql.Tx tx, String table, String id, String name) throws SQLException {
    if (id != null && !exists(tx, table, "id", id)) {
      throw new IllegalArgumentException("unknown " + name + " '" + id + "'");
    }
  }
}
