package dev.llmux.jdbc.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmux.core.Ticker;
import dev.llmux.core.governance.Scope;
import dev.llmux.core.governance.SpendHistory;
import dev.llmux.core.store.NanoUsd;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A budget's durable floor from the spend log: what a scope id (on a model group) spent since a
 * period start, read from the indexed columns. Whole UTC days come from the daily aggregates
 * ({@code llmux_daily_spend}, index on (scope column, {@code spend_day})), the part of the first
 * day after the period start (a period that does not start at UTC midnight) from the rows ({@code
 * llmux_spend_logs}, index on (scope column, {@code started_at})): one round trip, at most a day's
 * rows read. Both tables are written in one transaction per batch, so they agree.
 *
 * <p>Results are cached per (scope, id, model group, period start) for {@code ttl}, at most {@code
 * maxSize} of them: an entry older than {@code ttl} is read again on its next use, in the calling
 * thread. When that read fails the stale value is used (logged at most once a minute); with none,
 * the failure reaches the router, which then uses a floor of 0. Not public API.
 */
public final class DbSpendHistory implements SpendHistory {
  private static final Logger log = LoggerFactory.getLogger(DbSpendHistory.class);
  private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private record Account(Scope scope, String id, String modelGroup, Instant since) {}

  private record Entry(long nanos, long readAt) {}

  private final Sql sql;
  private final long ttlNanos;
  private final Ticker ticker;
  private final Cache<Account, Entry> cache;
  private final AtomicLong lastWarn;
  private final AtomicLong reads = new AtomicLong();

  public DbSpendHistory(Sql sql, Duration ttl, long maxSize, Ticker ticker) {
    this.sql = sql;
    this.ttlNanos = ttl.toNanos();
    this.ticker = ticker;
    // kept a while past the TTL, as the value to fall back on while the database is unreachable
    this.cache =
        Caffeine.newBuilder()
            .ticker(ticker::read)
            .maximumSize(maxSize)
            .expireAfterWrite(ttl.plus(Duration.ofMinutes(10)))
            .build();
    this.lastWarn = new AtomicLong(ticker.read() - WARN_EVERY_NANOS);
  }

  @Override
  public long spentSince(Scope scope, String scopeId, String modelGroup, Instant since) {
    Account a = new Account(scope, scopeId, modelGroup, since);
    Entry e = cache.getIfPresent(a);
    long now = ticker.read();
    if (e != null && now - e.readAt() < ttlNanos) {
      return e.nanos();
    }
    long nanos;
    try {
      nanos = read(a);
    } catch (RuntimeException x) {
      if (e == null) {
        throw x;
      }
      long last = lastWarn.get();
      if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
        log.warn("reading durable spend failed, using the last value read: {}", x.toString());
      }
      return e.nanos();
    }
    cache.put(a, new Entry(nanos, now));
    return nanos;
  }

  /** Queries the database, for tests: how many reads were made. */
  public long reads() {
    return reads.get();
  }

  /** Forgets every cached value. */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  private long read(Account a) {
    reads.incrementAndGet();
    String col = column(a.scope());
    LocalDate day = a.since().atOffset(ZoneOffset.UTC).toLocalDate();
    Instant dayStart = day.atStartOfDay().toInstant(ZoneOffset.UTC);
    // the first whole UTC day at or after `since`; rows of the part before it are read one by one
    LocalDate firstWholeDay = dayStart.equals(a.since()) ? day : day.plusDays(1);
    Instant firstWholeDayStart = firstWholeDay.atStartOfDay().toInstant(ZoneOffset.UTC);
    String group = a.modelGroup() == null ? "" : " AND model_group = ?";
    String query =
        "SELECT (SELECT COALESCE(SUM(cost), 0) FROM llmux_daily_spend WHERE "
            + col
            + " = ? AND spend_day >= ?"
            + group
            + "), (SELECT COALESCE(SUM(cost), 0) FROM llmux_spend_logs WHERE "
            + col
            + " = ? AND started_at >= ? AND started_at < ?"
            + group
            + ")";
    Object[] args =
        a.modelGroup() == null
            ? new Object[] {a.id(), firstWholeDay, a.id(), a.since(), firstWholeDayStart}
            : new Object[] {
              a.id(),
              firstWholeDay,
              a.modelGroup(),
              a.id(),
              a.since(),
              firstWholeDayStart,
              a.modelGroup()
            };
    BigDecimal total =
        sql.queryOne(
                query,
                rs -> {
                  BigDecimal days = rs.getBigDecimal(1);
                  BigDecimal part = rs.getBigDecimal(2);
                  return (days == null ? BigDecimal.ZERO : days)
                      .add(part == null ? BigDecimal.ZERO : part);
                },
                args)
            .orElse(BigDecimal.ZERO);
    return total.signum() <= 0 ? 0 : NanoUsd.of(total);
  }

  private static String column(Scope scope) {
    switch (Objects.requireNonNull(scope, "scope")) {
      case KEY:
        return "key_id";
      case USER:
        return "user_id";
      case TEAM:
        return "team_id";
      case ORGANIZATION:
        return "org_id";
      default:
        return "end_user_id";
    }
  }
}
