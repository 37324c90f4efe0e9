package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.core.config.ConfigException;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.DeploymentMode;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.redis.LlmuxRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The facade's whole configuration: the router's YAML (read by {@link ConfigLoader}, with the
 * service sections {@code deployment}, {@code metrics}, {@code tracing}) plus the {@code server},
 * {@code database}, {@code redis} and {@code auth} sections, which the loader hands back raw and
 * this class validates, and the checks of {@code deployment.mode}.
 *
 * @param router the router configuration
 * @param server the {@code server} section
 * @param database the {@code database} section, or {@code null} when the file has none (no
 *     management API, no DB keys, no durable spend)
 * @param redis the {@code redis} section ({@code LlmuxRedis}'s keys; a JSON null for an empty
 *     {@code redis:}, whose address then comes from {@code REDIS_ADDR}), or {@code null} when the
 *     file has none (state in process)
 * @param auth the {@code auth} section (single sign-on); {@link AuthConfig#NONE} when absent
 * @param logging the {@code logging} section (format, level, prompts in the access log), with the
 *     defaults when the file has none
 */
public record FacadeConfig(
    RouterConfig router,
    ServerConfig server,
    DatabaseConfig database,
    JsonNode redis,
    AuthConfig auth,
    LoggingConfig logging) {
  /** The top-level section the facade adds to the router's configuration file. */
  public static final String SECTION = "server";

  public FacadeConfig {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(server, "server");
    if (auth == null) {
      auth = AuthConfig.NONE;
    }
    if (logging == null) {
      logging = LoggingConfig.defaults(Map.of());
    }
  }

  /** A configuration with the default logging. */
  public FacadeConfig(
      RouterConfig router,
      ServerConfig server,
      DatabaseConfig database,
      JsonNode redis,
      AuthConfig auth) {
    this(router, server, database, redis, auth, null);
  }

  /** A configuration without single sign-on. */
  public FacadeConfig(
      RouterConfig router,
      ServerConfig server,
      DatabaseConfig database,
      JsonNode redis,
      LoggingConfig logging) {
    this(router, server, database, redis, AuthConfig.NONE, logging);
  }

  /** A configuration without single sign-on, with the default logging. */
  public FacadeConfig(
      RouterConfig router, ServerConfig server, DatabaseConfig database, JsonNode redis) {
    this(router, server, database, redis, AuthConfig.NONE, null);
  }

  /** A configuration without Redis. */
  public FacadeConfig(
      RouterConfig router, ServerConfig server, DatabaseConfig database, AuthConfig auth) {
    this(router, server, database, null, auth, null);
  }

  /** A configuration without Redis and without single sign-on. */
  public FacadeConfig(RouterConfig router, ServerConfig server, DatabaseConfig database) {
    this(router, server, database, null, AuthConfig.NONE, null);
  }

  /** A configuration without a database, Redis or single sign-on. */
  public FacadeConfig(RouterConfig router, ServerConfig server) {
    this(router, server, null, null, AuthConfig.NONE, null);
  }

  /** Whether the file has a {@code redis} section. */
  public boolean hasRedis() {
    return redis != null;
  }

  /**
   * Loads {@code file} with the process environment.
   *
   * @throws dev.llmux.core.config.ConfigException for a bad router configuration (file and line)
   * @throws IllegalArgumentException for a bad {@code server}, {@code database} or {@code redis}
   *     section, or what {@code deployment.mode} requires missing, naming the file and the key
   */
  public static FacadeConfig load(Path file) {
    return load(file, System.getenv());
  }

  static FacadeConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), 0, "cannot read the configuration file: " + e, e);
    }
    RouterConfig router =
        ConfigLoader.parse(
            text,
            file.toString(),
            Set.of(
                SECTION,
                DatabaseConfig.SECTION,
                LlmuxRedis.SECTION,
                AuthConfig.SECTION,
                LoggingConfig.SECTION),
            env);
    Map<String, JsonNode> ext = new java.util.HashMap<>(router.extensions());
    // an empty section ("database:" with nothing under it) may read as "": the same as null
    ext.replaceAll(
        (k, v) ->
            v != null && v.isTextual() && v.textValue().isBlank()
                ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                : v);
    try {
      ServerConfig server = ServerConfig.fromJson(ext.get(SECTION), env);
      DatabaseConfig database =
          ext.containsKey(DatabaseConfig.SECTION)
              ? DatabaseConfig.fromJson(ext.get(DatabaseConfig.SECTION), env)
              : null;
      AuthConfig auth = AuthConfig.fromJson(ext.get(AuthConfig.SECTION));
      if (database == null && !auth.isEmpty()) {
        throw new IllegalArgumentException(
            "auth."
                + (auth.jwt() != null ? "jwt" : "oidc")
                + ": needs the database: section (a single sign-on principal is stored as a user,"
                + " with its role and teams, so budgets, limits and spend apply to it)");
      }
      JsonNode redis = ext.containsKey(LlmuxRedis.SECTION) ? ext.get(LlmuxRedis.SECTION) : null;
      if (redis != null) {
        checkRedis(redis, env);
      }
      LoggingConfig logging = LoggingConfig.fromJson(ext.get(LoggingConfig.SECTION), env);
      FacadeConfig fc = new FacadeConfig(router, server, database, redis, auth, logging);
      fc.checkDeployment();
      fc.checkCacheAndMetrics();
      return fc;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Paths the metrics endpoint must not take: the health probes and the OpenAI API. */
  private static final List<String> API_PATHS =
      List.of("/chat", "/responses", "/completions", "/embeddings", "/models");

  /** A Redis cache needs Redis; the metrics path must not hide another endpoint. */
  private void checkCacheAndMetrics() {
    String type = router.cache().type();
    if (router.cache().enabled() && !"local".equals(type) && redis == null) {
      throw new IllegalArgumentException(
          "cache.type: "
              + type
              + " keeps the cache in Redis, but there is no redis: section (REDIS_ADDR /"
              + " REDIS_PASSWORD fill its address)");
    }
    String path = router.metrics().path();
    if (router.metrics().enabled()) {
      boolean clash =
          path.startsWith("/health/")
              || path.equals("/ui")
              || path.startsWith("/ui/")
              || path.equals("/v1")
              || path.startsWith("/v1/")
              || dev.llmux.facade.admin.ManagementApi.isManagementPath(path);
      for (String api : API_PATHS) {
        clash |= path.equals(api) || path.startsWith(api + "/");
      }
      if (clash) {
        throw new IllegalArgumentException(
            "metrics.path: "
                + path
                + " is taken by another endpoint (the health probes, the OpenAI API, the"
                + " management API or the dashboard); use another, e.g. /metrics");
      }
    }
  }

  /** The section's keys and values, and that it names a server (or REDIS_ADDR does). */
  private static void checkRedis(JsonNode redis, Map<String, String> env) {
    LlmuxRedis.settings(redis, env); // unknown keys, bad durations
    boolean addressed =
        redis.isObject()
            && (SectionValues.has(redis, "url")
                || SectionValues.has(redis, "host")
                || SectionValues.has(redis, "cluster"));
    String addr = env == null ? null : env.get("REDIS_ADDR");
    if (!addressed && (addr == null || addr.isBlank())) {
      throw new IllegalArgumentException(
          "redis: names no server: give redis.url, redis.host or redis.cluster, or set REDIS_ADDR"
              + " (host:port)");
    }
  }

  /**
   * What {@code deployment.mode} and {@code routing.distributed} require: {@code distributed} a
   * PostgreSQL database and Redis (all that is missing is named at once), routing state in Redis;
   * {@code routing.distributed: true} Redis.
   */
  private void checkDeployment() {
    Boolean distributedRouting = router.routing().distributed();
    if (router.deploymentMode() == DeploymentMode.DISTRIBUTED) {
      List<String> missing = new ArrayList<>();
      if (database == null) {
        missing.add(
            "a PostgreSQL database (a database: section with a jdbc:postgresql: url, or with"
                + " DB_HOST/DB_PORT/DB_USER/DB_PASSWORD/DB_NAME set)");
      } else if (!database.isPostgres()) {
        missing.add(
            "a PostgreSQL database (database.url is "
                + database.url().replaceFirst("^(jdbc:[^:]+:).*", "$1")
                + "..., which the instances cannot share; use jdbc:postgresql:)");
      }
      if (redis == null) {
        missing.add("Redis (a redis: section; REDIS_ADDR / REDIS_PASSWORD fill its address)");
      }
      if (Boolean.FALSE.equals(distributedRouting)) {
        missing.add("routing state in Redis (routing.distributed is false; remove it or set true)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "deployment.mode: distributed needs " + String.join(", and ", missing));
      }
    }
    if (Boolean.TRUE.equals(distributedRouting) && redis == null) {
      throw new IllegalArgumentException(
          "routing.distributed: true keeps routing state in Redis, but there is no redis: section"
              + " (REDIS_ADDR / REDIS_PASSWORD fill its address)");
    }
  }
}
