package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The facade's {@code server} settings. Immutable; read from the {@code server} section of the
 * config file with {@link #fromJson(JsonNode, Map)} or built with {@link #builder()}.
 *
 * @param host address to bind (default {@code 127.0.0.1})
 * @param port TCP port (default 4000; 0 picks a free one)
 * @param readTimeout how long a connection may wait for request bytes (default 30 s; see
 *     docs/facade.md for how this maps the original LLMux's Go {@code ReadTimeout})
 * @param writeTimeout how long a write to a slow client may block (default 30 s; see docs/facade.md
 *     for how this maps the original's {@code WriteTimeout})
 * @param maxRequestBody largest accepted request body in bytes (default 10 MiB; larger is 413)
 * @param masterKey a key with access to every model, or {@code null}
 * @param keys virtual API keys
 * @param shutdownTimeout how long a stop waits for in-flight requests and streams (default 30 s)
 * @param adminPort when not {@code null}, the management API ({@code /key/*}, {@code /team/*} ...)
 *     is served only on this port (same host), and not on {@code port}; 0 picks a free one (from
 *     code and {@code --admin-port 0}; in the file {@code admin_port: 0} means no admin port, as in
 *     the original LLMux)
 * @param maxConnections open client connections served at once; more wait in the OS backlog
 *     (default 1024). With HTTP/1.1 each connection has at most one request or stream in flight.
 * @param maxThreads platform threads of the server's pool (default 256, at least 16). Without
 *     virtual threads (Java 17) each request or stream in flight holds one, so this also bounds
 *     concurrent requests; on Java 21+ requests run on virtual threads and this bounds only Jetty's
 *     own threads (acceptor, selectors)
 * @param ui the dashboard at {@code /ui/} and its sessions ({@code server.ui}; default {@link
 *     UiSettings#defaults()})
 */
public record ServerConfig(
    String host,
    int port,
    Duration readTimeout,
    Duration writeTimeout,
    long maxRequestBody,
    String masterKey,
    List<Key> keys,
    Duration shutdownTimeout,
    Integer adminPort,
    int maxConnections,
    int maxThreads,
    UiSettings ui) {

  public static final int DEFAULT_PORT = 4000;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final long DEFAULT_MAX_REQUEST_BODY = 10L * 1024 * 1024;
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;
  public static final int DEFAULT_MAX_THREADS = 256;

  /** The smallest {@code max_threads}: Jetty needs some for its acceptor and selectors. */
  public static final int MIN_MAX_THREADS = 16;

  /** The environment variable read for the master key when the config sets none. */
  public static final String MASTER_KEY_ENV = "LLMUX_MASTER_KEY";

  private static final Set<String> SERVER_KEYS =
      Set.of(
          "host",
          "port",
          "read_timeout",
          "write_timeout",
          "max_request_body",
          "master_key",
          "keys",
          "shutdown_timeout",
          "admin_port",
          "max_connections",
          "max_threads",
          "ui");
  private static final Set<String> KEY_KEYS =
      Set.of("key", "name", "models", "user", "team", "org", "tags");

  /** Keys that belong to budgets and rate limits, which the facade does not enforce yet. */
  private static final Set<String> NOT_YET_KEYS =
      Set.of(
          "max_budget",
          "budget",
          "budget_duration",
          "soft_budget",
          "rpm",
          "tpm",
          "rpm_limit",
          "tpm_limit",
          "max_parallel_requests",
          "limits");

  /**
   * One virtual API key.
   *
   * @param key the secret the caller sends
   * @param name the key id recorded in the request context (never the secret)
   * @param models model names this key may use; empty means every model. An entry ending in {@code
   *     *} allows every model starting with what precedes it.
   * @param user user id, or {@code null}
   * @param team team id, or {@code null}
   * @param org organization id, or {@code null}
   * @param tags request tags of every call made with this key (tag routing, spend rows)
   */
  public record Key(
      String key,
      String name,
      List<String> models,
      String user,
      String team,
      String org,
      List<String> tags) {
    public Key {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(name, "name");
      if (key.isEmpty()) {
        throw new IllegalArgumentException("key must not be empty");
      }
      models = models == null ? List.of() : List.copyOf(models);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A key without tags. */
    public Key(String key, String name, List<String> models, String user, String team, String org) {
      this(key, name, models, user, team, org, List.of());
    }

    @Override
    public String toString() {
      return "Key[name="
          + name
          + ", models="
          + models
          + ", user="
          + user
          + ", team="
          + team
          + ", org="
          + org
          + ", tags="
          + tags
          + "]";
    }
  }

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("server.port: must be 0..65535, got " + port);
    }
    if (adminPort != null && (adminPort < 0 || adminPort > 65535)) {
      throw new IllegalArgumentException("server.admin_port: must be 0..65535, got " + adminPort);
    }
    if (adminPort != null && adminPort != 0 && adminPort == port) {
      throw new IllegalArgumentException(
          "server.admin_port: must differ from server.port (" + port + ")");
    }
    if (maxRequestBody <= 0) {
      throw new IllegalArgumentException("server.max_request_body: must be positive");
    }
    requirePositive(readTimeout, "read_timeout");
    requirePositive(writeTimeout, "write_timeout");
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("server.shutdown_timeout: must not be negative");
    }
    if (maxConnections <= 0) {
      throw new IllegalArgumentException(
          "server.max_connections: must be positive, got " + maxConnections);
    }
    if (maxThreads < MIN_MAX_THREADS) {
      throw new IllegalArgumentException(
          "server.max_threads: must be at least " + MIN_MAX_THREADS + ", got " + maxThreads);
    }
    if (masterKey != null && masterKey.isEmpty()) {
      masterKey = null;
    }
    keys = keys == null ? List.of() : List.copyOf(keys);
    ui = ui == null ? UiSettings.defaults() : ui;
    Set<String> names = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (Key k : keys) {
      if (!names.add(k.name())) {
        throw new IllegalArgumentException("server.keys: duplicate key name '" + k.name() + "'");
      }
      if (!secrets.add(k.key()) || k.key().equals(masterKey)) {
        throw new IllegalArgumentException(
            "server.keys: key '" + k.name() + "' reuses another key's secret");
      }
    }
  }

  /** Whether callers must present a key (a master key or at least one key is configured). */
  public boolean authEnabled() {
    return masterKey != null || !keys.isEmpty();
  }

  @Override
  public String toString() {
    return "ServerConfig[host="
        + host
        + ", port="
        + port
        + ", readTimeout="
        + readTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", maxRequestBody="
        + maxRequestBody
        + ", masterKey="
        + (masterKey == null ? "none" : "***")
        + ", keys="
        + keys
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", adminPort="
        + adminPort
        + ", maxConnections="
        + maxConnections
        + ", maxThreads="
        + maxThreads
        + ", ui="
        + ui
        + "]";
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("server." + name + ": must be positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .readTimeout(readTimeout)
        .writeTimeout(writeTimeout)
        .maxRequestBody(maxRequestBody)
        .masterKey(masterKey)
        .keys(keys)
        .shutdownTimeout(shutdownTimeout)
        .adminPort(adminPort)
        .maxConnections(maxConnections)
        .maxThreads(maxThreads)
        .ui(ui);
  }

  /** The defaults, with no keys. */
  public static ServerConfig defaults() {
    return builder().build();
  }

  /**
   * Reads the {@code server} section. {@code node} may be {@code null} or missing (all defaults).
   * The master key comes from {@code master_key}, else from {@code env[LLMUX_MASTER_KEY]}. Errors
   * are {@link IllegalArgumentException}s naming the bad key, for example {@code
   * server.keys[1].models: expected a list of strings}.
   */
  public static ServerConfig fromJson(JsonNode node, Map<String, String> env) {
    Builder b = builder();
    if (node != null && !node.isNull() && !node.isMissingNode()) {
      if (!node.isObject()) {
        throw new IllegalArgumentException("server: expected a mapping");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!SERVER_KEYS.contains(f)) {
          throw new IllegalArgumentException(
              "server." + f + ": unknown key (known: " + SectionValues.sorted(SERVER_KEYS) + ")");
        }
      }
      if (SectionValues.has(node, "host")) {
        b.host(SectionValues.text(node.get("host"), "server.host"));
      }
      if (SectionValues.has(node, "port")) {
        b.port(SectionValues.integer(node.get("port"), "server.port"));
      }
      if (SectionValues.has(node, "read_timeout")) {
        b.readTimeout(SectionValues.duration(node.get("read_timeout"), "server.read_timeout"));
      }
      if (SectionValues.has(node, "write_timeout")) {
        b.writeTimeout(SectionValues.duration(node.get("write_timeout"), "server.write_timeout"));
      }
      if (SectionValues.has(node, "max_request_body")) {
        b.maxRequestBody(
            SectionValues.size(node.get("max_request_body"), "server.max_request_body"));
      }
      if (SectionValues.has(node, "shutdown_timeout")) {
        b.shutdownTimeout(
            SectionValues.duration(node.get("shutdown_timeout"), "server.shutdown_timeout"));
      }
      if (SectionValues.has(node, "admin_port")) {
        int admin = SectionValues.integer(node.get("admin_port"), "server.admin_port");
        // 0 is "no separate admin port", as in the original LLMux (not "pick a free one")
        b.adminPort(admin == 0 ? null : admin);
      }
      if (SectionValues.has(node, "max_connections")) {
        b.maxConnections(
            SectionValues.integer(node.get("max_connections"), "server.max_connections"));
      }
      if (SectionValues.has(node, "max_threads")) {
        b.maxThreads(SectionValues.integer(node.get("max_threads"), "server.max_threads"));
      }
      if (SectionValues.has(node, "ui")) {
        b.ui(UiSettings.fromJson(node.get("ui")));
      }
      if (SectionValues.has(node, "master_key")) {
        b.masterKey(SectionValues.text(node.get("master_key"), "server.master_key"));
      }
      if (SectionValues.has(node, "keys")) {
        JsonNode keys = node.get("keys");
        if (!keys.isArray()) {
          throw new IllegalArgumentException(
              "server.keys: expected a list of {key, name, models, user, team, org, tags}");
        }
        List<Key> list = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
          list.add(key(keys.get(i), "server.keys[" + i + "]"));
        }
        b.keys(list);
      }
    }
    if (b.masterKey == null || b.masterKey.isEmpty()) {
      String fromEnv = env == null ? null : env.get(MASTER_KEY_ENV);
      b.masterKey(fromEnv == null || fromEnv.isEmpty() ? null : fromEnv);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("server.")
          ? e
          : new IllegalArgumentException("server: " + e.getMessage(), e);
    }
  }

  private static Key key(JsonNode n, String where) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(
          where + ": expected a mapping {key, name, models, user, team, org, tags}");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (NOT_YET_KEYS.contains(f)) {
        throw new IllegalArgumentException(
            where
                + "."
                + f
                + ": budgets and rate limits of a key go in the top-level 'budgets:' / 'limits:' sections, "
                + "e.g. {scope: key, id: <the key's name>, max_budget: 10, budget_duration: 1d}");
      }
      if (!KEY_KEYS.contains(f)) {
        throw new IllegalArgumentException(
            where + "." + f + ": unknown key (known: " + SectionValues.sorted(KEY_KEYS) + ")");
      }
    }
    if (!SectionValues.has(n, "key")) {
      throw new IllegalArgumentException(where + ".key: is required");
    }
    String secret = SectionValues.text(n.get("key"), where + ".key");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(where + ".key: must not be empty");
    }
    String name =
        SectionValues.has(n, "name") ? SectionValues.text(n.get("name"), where + ".name") : null;
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          where + ".name: is required (it identifies the key in logs and metrics)");
    }
    List<String> models = new ArrayList<>();
    if (SectionValues.has(n, "models")) {
      JsonNode m = n.get("models");
      if (!m.isArray()) {
        throw new IllegalArgumentException(where + ".models: expected a list of model names");
      }
      for (int i = 0; i < m.size(); i++) {
        models.add(SectionValues.text(m.get(i), where + ".models[" + i + "]"));
      }
    }
    List<String> tags = new ArrayList<>();
    if (SectionValues.has(n, "tags")) {
      JsonNode t = n.get("tags");
      if (!t.isArray()) {
        throw new IllegalArgumentException(where + ".tags: expected a list of tags");
      }
      for (int i = 0; i < t.size(); i++) {
        String tag = SectionValues.text(t.get(i), where + ".tags[" + i + "]").trim();
        if (tag.isEmpty()) {
          throw new IllegalArgumentException(where + ".tags[" + i + "]: must not be empty");
        }
        tags.add(tag);
      }
    }
    return new Key(
        secret,
        name,
        models,
        SectionValues.has(n, "user") ? SectionValues.text(n.get("user"), where + ".user") : null,
        SectionValues.has(n, "team") ? SectionValues.text(n.get("team"), where + ".team") : null,
        SectionValues.has(n, "org") ? SectionValues.text(n.get("org"), where + ".org") : null,
        tags);
  }

  /** Builder of {@link ServerConfig}; unset values take the defaults. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private long maxRequestBody = DEFAULT_MAX_REQUEST_BODY;
    private String masterKey;
    private List<Key> keys = List.of();
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Integer adminPort;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxThreads = DEFAULT_MAX_THREADS;
    private UiSettings ui = UiSettings.defaults();

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = writeTimeout;
      return this;
    }

    public Builder maxRequestBody(long maxRequestBody) {
      this.maxRequestBody = maxRequestBody;
      return this;
    }

    public Builder masterKey(String masterKey) {
      this.masterKey = masterKey;
      return this;
    }

    public Builder keys(List<Key> keys) {
      this.keys = keys;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    public Builder adminPort(Integer adminPort) {
      this.adminPort = adminPort;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder maxThreads(int maxThreads) {
      this.maxThreads = maxThreads;
      return this;
    }

    /** The dashboard's settings ({@code server.ui}). */
    public Builder ui(UiSettings ui) {
      this.ui = ui;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          readTimeout,
          writeTimeout,
          maxRequestBody,
          masterKey,
          keys,
          shutdownTimeout,
          adminPort,
          maxConnections,
          maxThreads,
          ui);
    }
  }
}
