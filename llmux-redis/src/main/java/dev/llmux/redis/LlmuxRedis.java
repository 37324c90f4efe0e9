package dev.llmux.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.config.CacheConfig;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import dev.llmux.core.governance.GovernanceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code redis:} section of an LLMux YAML file, and a router configured from a file with every
 * piece of shared state in Redis:
 *
 * <pre>{@code
 * RouterConfig cfg = LlmuxRedis.load(Path.of("llmux.yaml"));
 * LlmRouter.Builder b = LlmRouter.builder();
 * RedisStores redis = LlmuxRedis.configure(b, cfg);   // calls b.config(cfg) itself
 * LlmRouter router = b.build();
 * ... router.close(); redis.close();
 * }</pre>
 *
 * <pre>
 * redis:
 *   url: rediss://app:${REDIS_PASSWORD}@redis.internal:6380   # or host / port / username / password / tls
 *   namespace: prod            # keys start llmux:{prod}: / llmux:prod:
 *   timeout: 50ms              # per call; then the router fails open or closed
 *   connect_timeout: 2s
 *   outage_log_interval: 30s
 *   server_time: true          # windows on the Redis clock
 *   concurrency_lease: 10m
 *   budget_retention: 1d
 *   routing_state_ttl: 1h
 *   cooldown_refresh: 500ms
 * cache: {enabled: true, type: dual}   # local | redis | dual
 * </pre>
 *
 * Without a url or host, {@code REDIS_ADDR} ({@code host:port}) and {@code REDIS_PASSWORD} are
 * used.
 */
public final class LlmuxRedis {
  /** The extension section's name. */
  public static final String SECTION = "redis";

  private static final Set<String> KEYS =
      Set.of(
          "url",
          "cluster",
          "host",
          "port",
          "username",
          "password",
          "tls",
          "namespace",
          "timeout",
          "connect_timeout",
          "outage_log_interval",
          "server_time",
          "concurrency_lease",
          "budget_retention",
          "routing_state_ttl",
          "cooldown_refresh");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private LlmuxRedis() {}

  /** Loads a configuration file with the {@code redis:} section registered. */
  public static RouterConfig load(Path file) {
    return ConfigLoader.load(file, Set.of(SECTION));
  }

  /**
   * Settings from a {@code redis:} section (may be null) and the environment ({@code REDIS_ADDR},
   * {@code REDIS_PASSWORD} fill what the section leaves unset).
   */
  public static RedisStores.Builder settings(JsonNode section, Map<String, String> env) {
    RedisStores.Builder b = RedisStores.builder();
    if (section != null && !section.isNull()) {
      if (!section.isObject()) {
        throw new IllegalArgumentException("redis: expected a mapping");
      }
      for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!KEYS.contains(k)) {
          throw new IllegalArgumentException(
              "redis." + k + ": unknown setting; known: " + new java.util.TreeSet<>(KEYS));
        }
      }
      text(section, "url").ifPresent(b::url);
      if (section.has("cluster")) {
        JsonNode nodes = section.get("cluster");
        if (!nodes.isArray() || nodes.isEmpty()) {
          throw new IllegalArgumentException(
              "redis.cluster: expected a non-empty list of node URLs");
        }
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (JsonNode n : nodes) {
          if (!n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException(
                "redis.cluster: expected a list of node URLs, got " + n);
          }
          urls.add(n.asText());
        }
        b.cluster(urls);
      }
      text(section, "host").ifPresent(b::host);
      if (section.has("port") && !section.get("port").isNull()) {
        JsonNode p = section.get("port");
        int port = p.canConvertToInt() && p.isIntegralNumber() ? p.intValue() : -1;
        if (p.isTextual() && p.asText().trim().matches("\\d{1,5}")) {
          port = Integer.parseInt(p.asText().trim());
        }
        if (port < 1 || port > 65535) {
          throw new IllegalArgumentException("redis.port: expected a port 1..65535, got " + p);
        }
        b.port(port);
      }
      text(section, "username").ifPresent(b::username);
      text(section, "password").ifPresent(b::password);
      if (section.has("tls")) {
        b.tls(bool(section, "tls"));
      }
      text(section, "namespace").ifPresent(b::namespace);
      duration(section, "timeout").ifPresent(b::timeout);
      duration(section, "connect_timeout").ifPresent(b::connectTimeout);
      duration(section, "outage_log_interval").ifPresent(b::outageLogInterval);
      if (section.has("server_time")) {
        b.serverTime(bool(section, "server_time"));
      }
      duration(section, "concurrency_lease").ifPresent(b::concurrencyLease);
      duration(section, "budget_retention").ifPresent(b::budgetRetention);
      duration(section, "routing_state_ttl").ifPresent(b::routingStateTtl);
      duration(section, "cooldown_refresh").ifPresent(b::cooldownRefresh);
    }
    return b.fromEnv(env);
  }

  /**
   * {@link #configure(LlmRouter.Builder, RouterConfig, Map, Object)} with the process environment.
   */
  public static RedisStores configure(LlmRouter.Builder builder, RouterConfig config) {
    return configure(builder, config, System.getenv(), null);
  }

  /**
   * Connects to the Redis the configuration names and applies the configuration to {@code builder}
   * ({@code builder.config(config)}) with every shared piece in Redis: rate-limit counters and
   * budget spend (governance, with the file's rules and fail-open setting), the response cache when
   * {@code cache.type} is {@code redis} or {@code dual}, routing state and cooldowns.
   *
   * @param meterRegistry a Micrometer {@code MeterRegistry} counting Redis failures, or null
   * @return the stores; close them after the router
   */
  public static RedisStores configure(
      LlmRouter.Builder builder,
      RouterConfig config,
      Map<String, String> env,
      Object meterRegistry) {
    RedisStores redis =
        settings(config.extensions().get(SECTION), env).meterRegistry(meterRegistry).build();
    configure(builder, config, redis, GovernanceConfig.builder(config.governance()));
    return redis;
  }

  /**
   * Applies {@code config} to {@code builder} ({@code builder.config(config)}, once) with the
   * shared state in {@code redis}: the response cache when {@code cache.type} is {@code redis} or
   * {@code dual}; budgets and rate limits from {@code governance} (a builder holding the file's
   * rules, {@code GovernanceConfig.builder(config.governance())}, to which the caller may have
   * added policies, a spend history or a listener) with Redis's counter and spend stores; routing
   * state and cooldowns unless {@code routing.distributed} is {@code false}. The one composition of
   * a Redis-backed router: {@link #configure(LlmRouter.Builder, RouterConfig, Map, Object)} and the
   * facade both use it.
   */
  public static void configure(
      LlmRouter.Builder builder,
      RouterConfig config,
      RedisStores redis,
      GovernanceConfig.Builder governance) {
    CacheConfig c = config.cache();
    if (c.enabled() && "redis".equals(c.type())) {
      builder.cache(redis.cacheStore());
    } else if (c.enabled() && "dual".equals(c.type())) {
      builder.cache(redis.dualCacheStore(c.maxEntries(), c.maxBytes()));
    }
    builder.config(config);
    builder.governance(
        governance.counterStore(redis.counterStore()).spendStore(redis.spendStore()).build());
    if (sharesRoutingState(config)) {
      builder.stateStore(redis.routingStateStore());
      builder.cooldownStore(redis.cooldownStore());
    }
  }

  /**
   * Whether routing state (latency, in-flight counts, round-robin, cooldowns) goes to Redis: unless
   * {@code routing.distributed} is {@code false}.
   */
  public static boolean sharesRoutingState(RouterConfig config) {
    return !Boolean.FALSE.equals(config.routing().distributed());
  }

  private static boolean bool(JsonNode section, String key) {
    JsonNode n = section.get(key);
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()
        && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    throw new IllegalArgumentException("redis." + key + ": expected true or false, got " + n);
  }

  private static java.util.Optional<String> text(JsonNode section, String key) {
    JsonNode n = section.get(key);
    return n == null || n.isNull() || n.asText().isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(n.asText());
  }

  private static java.util.Optional<Duration> duration(JsonNode section, String key) {
    return text(section, key)
        .map(
            t -> {
              Matcher m = DURATION.matcher(t.trim().toLowerCase(Locale.ROOT));
              if (!m.matches()) {
                throw new IllegalArgumentException(
                    "redis." + key + ": expected a duration such as 50ms, 2s, 10m, 1h, 1d");
              }
              double amount = Double.parseDouble(m.group(1));
              String unit = m.group(2) == null ? "s" : m.group(2);
              double millis =
                  switch (unit) {
                    case "ms" -> amount;
                    case "s" -> amount * 1_000;
                    case "m" -> amount * 60_000;
                    case "h" -> amount * 3_600_000;
                    default -> amount * 86_400_000;
                  };
              return Duration.ofNanos(Math.round(millis * 1_000_000));
            });
  }
}
