package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.spend.SpendSettings;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facade's {@code database} section: where keys, users, teams, organizations, budgets, spend
 * and audit logs are stored (the {@code llmux-jdbc} module). Present means the management API and
 * DB keys are on; absent means neither.
 *
 * @param url JDBC url; when the section gives none, PostgreSQL from {@code DB_HOST} ({@code
 *     DB_PORT}, {@code DB_NAME}, {@code DB_USER}, {@code DB_PASSWORD}) when it is set, else an H2
 *     file database under {@code ./llmux-data}
 * @param username database user, or {@code null}
 * @param password database password, or {@code null}
 * @param maxPoolSize connections in the pool (default 10)
 * @param keyCacheTtl how long a key lookup is cached (default 30 s; changes made through this
 *     instance invalidate at once, changes made by another instance are seen after this)
 * @param spend the spend log writer's buffering, batching and retries ({@code database.spend};
 *     defaults {@link SpendSettings#DEFAULTS})
 */
public record DatabaseConfig(
    String url,
    String username,
    String password,
    int maxPoolSize,
    Duration keyCacheTtl,
    SpendSettings spend) {

  /** The top-level section name. */
  public static final String SECTION = "database";

  /** The url used when the section names none: an H2 file database in {@code ./llmux-data}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./llmux-data/llmux;AUTO_SERVER=FALSE";

  /** The original LLMux's environment variables for its PostgreSQL database. */
  public static final String DB_HOST = "DB_HOST";

  public static final int DEFAULT_MAX_POOL_SIZE = 10;
  public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(30);

  private static final Set<String> KEYS =
      Set.of("url", "username", "password", "max_pool_size", "key_cache_ttl", "spend");
  private static final Set<String> SPEND_KEYS =
      Set.of(
          "buffer_capacity",
          "batch_size",
          "flush_interval",
          "shutdown_timeout",
          "retry_initial_backoff",
          "retry_max_backoff",
          "floor_ttl");

  public DatabaseConfig {
    if (url == null || url.isBlank()) {
      url = DEFAULT_URL;
    }
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "database.url: expected a JDBC url starting with 'jdbc:', got '" + url + "'");
    }
    positive(maxPoolSize, "max_pool_size");
    if (keyCacheTtl == null || keyCacheTtl.isNegative()) {
      throw new IllegalArgumentException("database.key_cache_ttl: must not be negative");
    }
    if (spend == null) {
      spend = SpendSettings.DEFAULTS;
    }
  }

  /** Whether this is a PostgreSQL database (one several instances can share). */
  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** All defaults: the H2 file database under {@code ./llmux-data}. */
  public static DatabaseConfig defaults() {
    return withUrl(null);
  }

  /** The defaults with {@code url} (for tests and embedding). */
  public static DatabaseConfig withUrl(String url) {
    return new DatabaseConfig(
        url, null, null, DEFAULT_MAX_POOL_SIZE, DEFAULT_KEY_CACHE_TTL, SpendSettings.DEFAULTS);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + url
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", maxPoolSize="
        + maxPoolSize
        + ", keyCacheTtl="
        + keyCacheTtl
        + ", spend="
        + spend
        + "]";
  }

  /** {@link #fromJson(JsonNode, Map)} without environment variables. */
  public static DatabaseConfig fromJson(JsonNode node) {
    return fromJson(node, Map.of());
  }

  /**
   * Reads the section; {@code null} when {@code node} is absent (whatever the environment says: a
   * database is turned on by the file, as in the original LLMux). An empty section ({@code
   * database: {}} or {@code database:} with nothing under it) means all defaults. Without {@code
   * url}, {@code DB_HOST} in {@code env} gives {@code jdbc:postgresql://DB_HOST:DB_PORT/DB_NAME}
   * (port 5432 and name {@code llmux} by default) with {@code DB_USER} (default {@code llmux}) and
   * {@code DB_PASSWORD} unless the section sets {@code username} / {@code password}. Values may use
   * {@code ${ENV}} (the loader substitutes them). Errors name the key, e.g. {@code
   * database.max_pool_size: expected an integer}.
   */
  public static DatabaseConfig fromJson(JsonNode node, Map<String, String> env) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (node.isNull()) {
      node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "database: expected a mapping {url, username, password, max_pool_size, "
              + "key_cache_ttl, spend}");
    }
    unknown(node, KEYS, "database.");
    String url = has(node, "url") ? text(node.get("url"), "database.url") : null;
    String user = has(node, "username") ? text(node.get("username"), "database.username") : null;
    String password =
        has(node, "password") ? text(node.get("password"), "database.password") : null;
    String dbHost = env == null ? null : blankToNull(env.get(DB_HOST));
    if ((url == null || url.isBlank()) && dbHost != null) {
      url = postgresUrl(dbHost, env);
      if (user == null) {
        user = Objects.requireNonNullElse(blankToNull(env.get("DB_USER")), "llmux");
      }
      if (password == null) {
        password = blankToNull(env.get("DB_PASSWORD"));
      }
    }
    int pool =
        has(node, "max_pool_size")
            ? integer(node.get("max_pool_size"), "database.max_pool_size")
            : DEFAULT_MAX_POOL_SIZE;
    Duration ttl =
        has(node, "key_cache_ttl")
            ? SectionValues.duration(node.get("key_cache_ttl"), "database.key_cache_ttl")
            : DEFAULT_KEY_CACHE_TTL;
    SpendSettings spend = SpendSettings.DEFAULTS;
    if (has(node, "spend")) {
      JsonNode sp = node.get("spend");
      if (!sp.isObject()) {
        throw new IllegalArgumentException(
            "database.spend: expected a mapping {"
                + String.join(", ", new TreeSet<>(SPEND_KEYS))
                + "}");
      }
      unknown(sp, SPEND_KEYS, "database.spend.");
      String w = "database.spend.";
      try {
        if (has(sp, "buffer_capacity")) {
          spend =
              spend.withBufferCapacity(integer(sp.get("buffer_capacity"), w + "buffer_capacity"));
        }
        if (has(sp, "batch_size")) {
          spend = spend.withBatchSize(integer(sp.get("batch_size"), w + "batch_size"));
        }
        if (has(sp, "flush_interval")) {
          spend =
              spend.withFlushInterval(
                  SectionValues.duration(sp.get("flush_interval"), w + "flush_interval"));
        }
        if (has(sp, "shutdown_timeout")) {
          spend =
              spend.withShutdownTimeout(
                  SectionValues.duration(sp.get("shutdown_timeout"), w + "shutdown_timeout"));
        }
        if (has(sp, "floor_ttl")) {
          spend = spend.withFloorTtl(SectionValues.duration(sp.get("floor_ttl"), w + "floor_ttl"));
        }
        if (has(sp, "retry_initial_backoff") || has(sp, "retry_max_backoff")) {
          Duration initial =
              has(sp, "retry_initial_backoff")
                  ? SectionValues.duration(
                      sp.get("retry_initial_backoff"), w + "retry_initial_backoff")
                  : spend.retryInitialBackoff();
          Duration max =
              has(sp, "retry_max_backoff")
                  ? SectionValues.duration(sp.get("retry_max_backoff"), w + "retry_max_backoff")
                  : spend.retryMaxBackoff();
          spend = spend.withRetryBackoff(initial, max);
        }
      } catch (IllegalArgumentException e) {
        // SpendSettings says "spend batch_size must be >= 1, got 0": name the file's key
        throw e.getMessage() != null && e.getMessage().startsWith("database.")
            ? e
            : new IllegalArgumentException(
                "database." + e.getMessage().replaceFirst("^spend ", "spend."), e);
      }
    }
    return new DatabaseConfig(url, user, password, pool, ttl, spend);
  }

  /** {@code jdbc:postgresql://host:port/name} from the original LLMux's variables. */
  private static String postgresUrl(String host, Map<String, String> env) {
    String port = Objects.requireNonNullElse(blankToNull(env.get("DB_PORT")), "5432");
    try {
      int p = Integer.parseInt(port.trim());
      if (p < 1 || p > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("DB_PORT: expected a port number, got '" + port + "'");
    }
    String name = Objects.requireNonNullElse(blankToNull(env.get("DB_NAME")), "llmux");
    String h = host.trim();
    if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]"; // an IPv6 address
    }
    return "jdbc:postgresql://" + h + ":" + port.trim() + "/" + name.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void unknown(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException(
            prefix + f + ": unknown key (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  private static void positive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException("database." + name + ": must be positive, got " + v);
    }
  }

  private static boolean has(JsonNode n, String f) {
    return SectionValues.has(n, f);
  }

  private static String text(JsonNode n, String where) {
    return SectionValues.text(n, where);
  }

  private static int integer(JsonNode n, String where) {
    return SectionValues.integer(n, where);
  }
}
