package dev.llmux.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.llmux.core.governance.GovernancePolicy;
import dev.llmux.jdbc.internal.AuditLogImpl;
import dev.llmux.jdbc.internal.BudgetsImpl;
import dev.llmux.jdbc.internal.DbGovernancePolicy;
import dev.llmux.jdbc.internal.Dialect;
import dev.llmux.jdbc.internal.EndUsersImpl;
import dev.llmux.jdbc.internal.InvitationsImpl;
import dev.llmux.jdbc.internal.KeyLookup;
import dev.llmux.jdbc.internal.KeysImpl;
import dev.llmux.jdbc.internal.OrganizationsImpl;
import dev.llmux.jdbc.internal.Sql;
import dev.llmux.jdbc.internal.StoreContext;
import dev.llmux.jdbc.internal.TeamsImpl;
import dev.llmux.jdbc.internal.UsersImpl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The governance database: connection pool, schema migrations and the stores. Build one per
 * application, share it, close it on shutdown.
 *
 * <pre>{@code
 * LlmuxDatabase db = LlmuxDatabase.builder().url(LlmuxDatabase.h2File(Path.of("llmux-data"))).build();
 * GeneratedKey k = db.keys().generate(new KeySpec(...), new Actor("master", null));
 * }</pre>
 */
public final class LlmuxDatabase implements AutoCloseable {
  private final DataSource dataSource;

  /** What close() closes, in order (the spend writer before the pool). */
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private final Clock clock;
  private final dev.llmux.jdbc.spend.SpendLog spend;
  private final Sql sql;
  private final Dialect dialect;
  private final KeyLookup keyLookup;
  private final DbGovernancePolicy policy;
  private final dev.llmux.jdbc.internal.DbSpendHistory spendHistory;
  private final Keys keys;
  private final Users users;
  private final Teams teams;
  private final Organizations organizations;
  private final Budgets budgets;
  private final EndUsers endUsers;
  private final Invitations invitations;
  private final AuditLog audit;

  /** Moves on every change made through this object (see {@link #changes()}). */
  private final java.util.concurrent.atomic.AtomicLong changes =
      new java.util.concurrent.atomic.AtomicLong();

  private LlmuxDatabase(Builder b) {
    this.clock = b.clock;
    if (b.dataSource != null) {
      this.dataSource = b.dataSource;
    } else {
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(b.url);
      hc.setUsername(b.username);
      hc.setPassword(b.password);
      hc.setMaximumPoolSize(b.maxPoolSize);
      hc.setPoolName("llmux-jdbc");
      hc.setConnectionTimeout(b.connectionTimeout.toMillis());
      hc.setExceptionOverride(new dev.llmux.jdbc.internal.BrokenConnectionEviction());
      HikariDataSource pool = new HikariDataSource(hc);
      this.dataSource = pool;
      closeables.add(pool);
    }
    try {
      if (b.migrate) {
        migrate(dataSource);
      }
      this.dialect = Dialect.of(dataSource);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.sql = new Sql(dataSource);
    this.keyLookup = new KeyLookup(sql, clock, b.keyCacheTtl, b.keyCacheMaxSize, b.ticker);
    this.policy = new DbGovernancePolicy(sql, b.keyCacheTtl, b.keyCacheMaxSize, b.ticker);
    this.spendHistory =
        new dev.llmux.jdbc.internal.DbSpendHistory(
            sql, b.spendSettings.floorTtl(), b.keyCacheMaxSize, b.ticker);
    StoreContext ctx = new StoreContext(sql, clock, this::invalidateCaches);
    this.keys = new KeysImpl(ctx);
    this.users = new UsersImpl(ctx);
    this.teams = new TeamsImpl(ctx);
    this.organizations = new OrganizationsImpl(ctx);
    this.budgets = new BudgetsImpl(ctx);
    this.endUsers = new EndUsersImpl(ctx);
    this.invitations = new InvitationsImpl(ctx);
    this.audit = new AuditLogImpl(ctx);
    this.spend =
        dev.llmux.jdbc.spend.SpendLog.builder(dataSource)
            .settings(b.spendSettings)
            .clock(b.clock)
            .meterRegistry(b.meterRegistry)
            .build();
    closeables.add(0, spend); // flushed before the pool closes
  }

  /**
   * The spend log: its writer (register with {@code LlmRouter.Builder.callListener}) and the spend
   * queries.
   */
  public dev.llmux.jdbc.spend.SpendLog spend() {
    return spend;
  }

  /**
   * Forgets every cached key lookup and policy: called after each change made through this object.
   */
  private void invalidateCaches() {
    keyLookup.invalidateAll();
    policy.invalidateAll();
    changes.incrementAndGet();
  }

  /**
   * A counter that grows after every change made through this object (once its transaction has
   * ended): a cache built on top of the stores (the facade's single sign-on users) compares it with
   * the value it loaded under and reloads when it moved, as the key cache does. Changes made by
   * another instance do not move it.
   */
  public long changes() {
    return changes.get();
  }

  static void migrate(DataSource ds) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/llmux/migration")
        .table("llmux_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JDBC url of an H2 file database {@code llmux} in {@code dir}. */
  public static String h2File(Path dir) {
    return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("llmux") + ";AUTO_SERVER=FALSE";
  }

  /** Virtual API keys. */
  public Keys keys() {
    return keys;
  }

  /** Users. */
  public Users users() {
    return users;
  }

  /** Teams and their members. */
  public Teams teams() {
    return teams;
  }

  /** Organizations and their members. */
  public Organizations organizations() {
    return organizations;
  }

  /** Shared budgets (referred to by organizations and end users). */
  public Budgets budgets() {
    return budgets;
  }

  /** End users (the application's customers). */
  public EndUsers endUsers() {
    return endUsers;
  }

  /** Invitations that join users to teams and organizations. */
  public Invitations invitations() {
    return invitations;
  }

  /** The append-only audit log of every change made through the stores. */
  public AuditLog audit() {
    return audit;
  }

  /**
   * The request-path lookup of a presented key: cached (Caffeine) by its SHA-256, invalidated on
   * every change made through this object and expired after {@code keyCacheTtl} for changes made by
   * another instance. Empty when no key (nor a previous key within its grace period) matches; else
   * the principal with its state: the caller checks {@link KeyPrincipal#blocked()} and {@link
   * KeyPrincipal#expired}. A cached entry keeps being served while the database is unreachable; a
   * key that is not cached then fails with {@link DatabaseException}.
   */
  public Optional<KeyPrincipal> authenticate(String presentedKey) {
    return keyLookup.authenticate(presentedKey);
  }

  /**
   * Budgets and rate limits from stored keys/users/teams/orgs/end users, for {@code
   * GovernanceConfig.policy(..)}. Cached.
   */
  public GovernancePolicy governancePolicy() {
    return policy;
  }

  /**
   * The durable spend of keys, users, teams, organizations and end users, read from the spend log,
   * for {@code GovernanceConfig.Builder.spendHistory(..)}: each budget's account is raised to what
   * its scope id spent in the current period, so budgets survive restarts and are shared by
   * instances on this database. Reads are cached per account for {@link
   * dev.llmux.jdbc.spend.SpendSettings#floorTtl()} (see docs/distributed.md for what that means for
   * several instances).
   */
  public dev.llmux.core.governance.SpendHistory spendHistory() {
    return spendHistory;
  }

  /** A cheap connection check ({@code SELECT 1}, 2 s timeout). */
  public boolean healthy() {
    try (var c = dataSource.getConnection();
        var st = c.createStatement()) {
      st.setQueryTimeout(2);
      st.execute("SELECT 1");
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The clock used for timestamps, expiry and grace periods. */
  public Clock clock() {
    return clock;
  }

  /** Closes what this object opened, in order: the spend writer (flushes), then the pool. */
  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(LlmuxDatabase.class).warn("closing {} failed", c, e);
      }
    }
  }

  /** Builds an {@link LlmuxDatabase}; {@link #url} or {@link #dataSource} is required. */
  public static final class Builder {
    private String url;
    private DataSource dataSource;
    private String username;
    private String password;
    private int maxPoolSize = 10;
    private Clock clock = Clock.systemUTC();
    private Duration keyCacheTtl = Duration.ofSeconds(30);
    private long keyCacheMaxSize = 100_000;
    private boolean migrate = true;
    private dev.llmux.jdbc.spend.SpendSettings spendSettings =
        dev.llmux.jdbc.spend.SpendSettings.DEFAULTS;
    private io.micrometer.core.instrument.MeterRegistry meterRegistry;
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private dev.llmux.core.Ticker ticker = dev.llmux.core.Ticker.system();

    private Builder() {}

    /**
     * Spend log buffering and batching (default {@link
     * dev.llmux.jdbc.spend.SpendSettings#DEFAULTS}).
     */
    public Builder spendSettings(dev.llmux.jdbc.spend.SpendSettings settings) {
      this.spendSettings = Objects.requireNonNull(settings, "spendSettings");
      return this;
    }

    /** Registers the {@code llmux.spend.*} meters here (default: none). */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * The JDBC url ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}); LLMux opens a pool on it.
     */
    public Builder url(String jdbcUrl) {
      this.url = Objects.requireNonNull(jdbcUrl, "url");
      return this;
    }

    /**
     * An existing data source (not closed by {@link LlmuxDatabase#close()}), instead of {@link
     * #url}.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** Pool size (default 10). */
    public Builder maxPoolSize(int maxPoolSize) {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("max_pool_size must be >= 1, got " + maxPoolSize);
      }
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    /** The clock for timestamps, expiry and grace periods (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a cached key lookup or policy may miss changes made by another instance (default 30
     * s): older entries are reloaded in the background, and kept while the database is unreachable.
     * Zero disables the caches.
     */
    public Builder keyCacheTtl(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("key_cache_ttl must be >= 0, got " + ttl);
      }
      this.keyCacheTtl = ttl;
      return this;
    }

    /** Maximum cached key lookups (default 100 000). */
    public Builder keyCacheMaxSize(long max) {
      this.keyCacheMaxSize = max;
      return this;
    }

    /** Whether {@link #build()} runs the Flyway migrations (default true). */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * How long a caller waits for a pooled connection, e.g. while the database is unreachable
     * (default 5 s; at least 250 ms). Only for the pool LLMux opens from {@link #url}.
     */
    public Builder connectionTimeout(Duration timeout) {
      if (timeout.toMillis() < 250) {
        throw new IllegalArgumentException("connection timeout must be >= 250ms, got " + timeout);
      }
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * The time source of the cache TTLs (default {@link dev.llmux.core.Ticker#system()}; tests
     * inject one).
     */
    public Builder ticker(dev.llmux.core.Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public LlmuxDatabase build() {
      if (url == null && dataSource == null) {
        throw new IllegalArgumentException("database url or dataSource is required");
      }
      return new LlmuxDatabase(this);
    }
  }
}
