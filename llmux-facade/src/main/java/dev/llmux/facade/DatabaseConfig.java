package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facade's {@code database} section: where keys, users, teams, organizations, budgets, spend and
 * audit logs are stored (the {@code llmux-jdbc} module). Present means the management API and DB keys
 * are on; absent means neither.
 *
 * @param url JDBC url; when the section gives none, an H2 file database under {@code ./llmux-data}
 * @param username database user, or {@code null}
 * @param password database password, or {@code null}
 * @param maxPoolSize connections in the pool (default 10)
 * @param keyCacheTtl how long a key lookup is cached (default 30 s; changes made through this instance
 *     invalidate at once, changes made by another instance are seen after this)
 * @param spendBufferSize spend rows kept in memory while the database is slow or down (default 100000)
 * @param spendBatchSize rows written per batch (default 500)
 * @param spendFlushInterval the longest a row waits before its batch is written (default 1 s)
 */
public record DatabaseConfig(String url, String username, String password, int maxPoolSize, Duration keyCacheTtl,
    int spendBufferSize, int spendBatchSize, Duration spendFlushInterval) {

  /** The top-level section name. */
  public static final String SECTION = "database";
  /** The url used when the section names none: an H2 file database in {@code ./llmux-data}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./llmux-data/llmux;AUTO_SERVER=FALSE";
  public static final int DEFAULT_MAX_POOL_SIZE = 10;
  public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(30);
  public static final int DEFAULT_SPEND_BUFFER_SIZE = 100_000;
  public static final int DEFAULT_SPEND_BATCH_SIZE = 500;
  public static final Duration DEFAULT_SPEND_FLUSH_INTERVAL = Duration.ofSeconds(1);

  private static final Set<String> KEYS = Set.of("url", "username", "password", "max_pool_size", "key_cache_ttl",
      "spend");
  private static final Set<String> SPEND_KEYS = Set.of("buffer_size", "batch_size", "flush_interval");

  public DatabaseConfig {
    if (url == null || url.isBlank()) {
      url = DEFAULT_URL;
    }
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("database.url: expected a JDBC url starting with 'jdbc:', got '" + url + "'");
    }
    positive(maxPoolSize, "max_pool_size");
    positive(spendBufferSize, "spend.buffer_size");
    positive(spendBatchSize, "spend.batch_size");
    if (keyCacheTtl == null || keyCacheTtl.isNegative()) {
      throw new IllegalArgumentException("database.key_cache_ttl: must not be negative");
    }
    if (spendFlushInterval == null || spendFlushInterval.isNegative() || spendFlushInterval.isZero()) {
      throw new IllegalArgumentException("database.spend.flush_interval: must be positive");
    }
  }

  /** All defaults: the H2 file database under {@code ./llmux-data}. */
  public static DatabaseConfig defaults() {
    return withUrl(null);
  }

  /** The defaults with {@code url} (for tests and embedding). */
  public static DatabaseConfig withUrl(String url) {
    return new DatabaseConfig(url, null, null, DEFAULT_MAX_POOL_SIZE, DEFAULT_KEY_CACHE_TTL,
        DEFAULT_SPEND_BUFFER_SIZE, DEFAULT_SPEND_BATCH_SIZE, DEFAULT_SPEND_FLUSH_INTERVAL);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***")
        + ", maxPoolSize=" + maxPoolSize + ", keyCacheTtl=" + keyCacheTtl + ", spendBufferSize=" + spendBufferSize
        + ", spendBatchSize=" + spendBatchSize + ", spendFlushInterval=" + spendFlushInterval + "]";
  }

  /**
   * Reads the section; {@code null} when {@code node} is absent. An empty section ({@code database: {}}
   * or {@code database:} with nothing under it) means all defaults. Values may use {@code ${ENV}}
   * (the loader substitutes them). Errors name the key, e.g. {@code database.max_pool_size: expected an
   * integer}.
   */
  public static DatabaseConfig fromJson(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (node.isNull()) {
      return defaults();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("database: expected a mapping {url, username, password, max_pool_size, "
          + "key_cache_ttl, spend}");
    }
    unknown(node, KEYS, "database.");
    String url = has(node, "url") ? text(node.get("url"), "database.url") : null;
    String user = has(node, "username") ? text(node.get("username"), "database.username") : null;
    String password = has(node, "password") ? text(node.get("password"), "database.password") : null;
    int pool = has(node, "max_pool_size") ? integer(node.get("max_pool_size"), "database.max_pool_size")
        : DEFAULT_MAX_POOL_SIZE;
    Duration ttl = has(node, "key_cache_ttl")
        ? ServerConfig.duration(node.get("key_cache_ttl"), "database.key_cache_ttl") : DEFAULT_KEY_CACHE_TTL;
    int buffer = DEFAULT_SPEND_BUFFER_SIZE;
    int batch = DEFAULT_SPEND_BATCH_SIZE;
    Duration flush = DEFAULT_SPEND_FLUSH_INTERVAL;
    if (has(node, "spend")) {
      JsonNode s = node.get("spend");
      if (!s.isObject()) {
        throw new IllegalArgumentException("database.spend: expected a mapping {buffer_size, batch_size, flush_interval}");
      }
      unknown(s, SPEND_KEYS, "database.spend.");
      if (has(s, "buffer_size")) {
        buffer = integer(s.get("buffer_size"), "database.spend.buffer_size");
      }
      if (has(s, "batch_size")) {
        batch = integer(s.get("batch_size"), "database.spend.batch_size");
      }
      if (has(s, "flush_interval")) {
        flush = ServerConfig.duration(s.get("flush_interval"), "database.spend.flush_interval");
      }
    }
    return new DatabaseConfig(url, user, password, pool, ttl, buffer, batch, flush);
  }

  private static void unknown(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new IllegalArgumentException(prefix + f + ": unknown key (known: " + String.join(", ", new TreeSet<>(known))
            + ")");
      }
    }
  }

  private static void positive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException("database." + name + ": must be positive, got " + v);
    }
  }

  private static boolean has(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v != null && !v.isNull();
  }

  private static String text(JsonNode n, String where) {
    if (!n.isValueNode()) {
      throw new IllegalArgumentException(where + ": expected a string");
    }
    return n.asText();
  }

  private static int integer(JsonNode n, String where) {
    if (n.isIntegralNumber() && n.canConvertToInt()) {
      return n.intValue();
    }
    if (n.isTextual()) {
      try {
        return Integer.parseInt(n.textValue().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(where + ": expected an integer, got " + n);
  }
}
