package dev.llmux.jdbc.spend;

import dev.llmux.core.Sleeper;
import dev.llmux.jdbc.Page;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The spend log: its {@link #writer() writer} (a {@link dev.llmux.core.CallListener} to register
 * with the router) and the queries the management API answers from. Row lists come from {@code
 * llmux_spend_logs}; sums over days from the daily aggregates ({@code llmux_daily_spend}), so they
 * stay fast at millions of rows. Obtained from {@code LlmuxDatabase.spend()}, or built on any data
 * source whose schema was migrated by {@code LlmuxDatabase}.
 */
public final class SpendLog implements AutoCloseable {
  private final SpendLogWriter writer;
  private final SpendQueries queries;

  private SpendLog(Builder b) {
    this.writer = new SpendLogWriter(b.dataSource, b.settings, b.clock, b.sleeper, b.meterRegistry);
    this.queries = new SpendQueries(b.dataSource);
  }

  /**
   * A spend log on {@code dataSource} (schema already migrated). Its writer thread starts at once.
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The writer: register it with {@code LlmRouter.Builder.callListener(...)}. */
  public SpendLogWriter writer() {
    return writer;
  }

  /** Spend log rows, newest first. */
  public Page<SpendRow> logs(SpendLogFilter filter) {
    return queries.logs(filter);
  }

  /** One row by LLMux call id. */
  public java.util.Optional<SpendRow> log(String callId) {
    return queries.log(callId);
  }

  /** Sums per {@code by} over the filtered daily aggregates, highest cost first. */
  public List<SpendTotal> totals(SpendGroupBy by, SpendFilter filter) {
    return queries.totals(by, filter);
  }

  /**
   * Sums per UTC day over the filtered daily aggregates, oldest day first (days without calls are
   * absent).
   */
  public List<DailyActivity> activity(SpendFilter filter) {
    return queries.activity(filter);
  }

  /**
   * Everything one key, user, team, organization, end user, model group or provider ever spent
   * (zeros when it has no calls). For {@code /key/info}, {@code /team/info} and the like.
   */
  public SpendTotal total(SpendGroupBy by, String id) {
    return queries.total(by, id);
  }

  /** Closes the writer: writes what is buffered (bounded by the shutdown timeout). */
  @Override
  public void close() {
    writer.close();
  }

  /** Builds a {@link SpendLog}. */
  public static final class Builder {
    private final DataSource dataSource;
    private SpendSettings settings = SpendSettings.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private MeterRegistry meterRegistry;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Builder settings(SpendSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Wall clock (default UTC system clock); only used for log throttling and time stamps of this
     * writer.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How the writer waits between retries while the database is down (default {@link
     * Thread#sleep}).
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Registers {@code llmux.spend.*} meters (see docs/metrics.md). Default: none. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    public SpendLog build() {
      return new SpendLog(this);
    }
  }
}
