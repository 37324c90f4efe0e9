package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.config.DeploymentMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deployment.mode}, {@code routing.distributed}, the {@code redis} section and the original
 * LLMux's environment variables, as the facade loads them.
 */
class DeploymentConfigTest {
  @TempDir Path dir;

  static final String PROVIDERS =
      """
      providers:
        - {name: fake, type: fake, models: [{name: chat, model: ok}]}
      """;

  FacadeConfig load(String yaml, Map<String, String> env) throws Exception {
    Path f = dir.resolve("llmux.yaml");
    Files.writeString(f, PROVIDERS + yaml);
    return FacadeConfig.load(f, env);
  }

  @Test
  void distributedWithoutPostgresAndRedisRefusesNamingBoth() throws Exception {
    assertThatThrownBy(() -> load("deployment: {mode: distributed}\n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "llmux.yaml: deployment.mode: distributed needs a PostgreSQL database")
        .hasMessageContaining("and Redis (a redis: section");
    // an H2 database cannot be shared by the instances
    assertThatThrownBy(
            () ->
                load(
                    "deployment: {mode: distributed}\ndatabase: {url: 'jdbc:h2:mem:x'}\n"
                        + "redis: {url: 'redis://127.0.0.1:1'}\n",
                    Map.of()))
        .hasMessageContaining("database.url is jdbc:h2:..., which the instances cannot share")
        .hasMessageNotContaining("Redis (");
    // Redis missing only
    assertThatThrownBy(
            () ->
                load(
                    "deployment: {mode: distributed}\n"
                        + "database: {url: 'jdbc:postgresql://db:5432/llmux'}\n",
                    Map.of()))
        .hasMessageContaining("distributed needs Redis")
        .hasMessageNotContaining("PostgreSQL");
    // routing state kept local contradicts the mode
    assertThatThrownBy(
            () ->
                load(
                    "deployment: {mode: distributed}\n"
                        + "database: {url: 'jdbc:postgresql://db:5432/llmux'}\n"
                        + "redis: {url: 'redis://127.0.0.1:1'}\nrouting: {distributed: false}\n",
                    Map.of()))
        .hasMessageContaining("routing state in Redis (routing.distributed is false");
  }

  @Test
  void distributedWithPostgresFromTheOriginalsVariablesAndRedisFromRedisAddrLoads()
      throws Exception {
    FacadeConfig c =
        load(
            "deployment: {mode: distributed}\ndatabase:\nredis:\n",
            Map.of(
                "DB_HOST", "db.internal",
                "DB_PASSWORD", "pw",
                "REDIS_ADDR", "cache.internal:6380"));
    assertThat(c.router().deploymentMode()).isEqualTo(DeploymentMode.DISTRIBUTED);
    assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db.internal:5432/llmux");
    assertThat(c.database().username()).isEqualTo("llmux");
    assertThat(c.database().password()).isEqualTo("pw");
    assertThat(c.hasRedis()).isTrue();
  }

  @Test
  void theOriginalsDatabaseVariables() throws Exception {
    FacadeConfig c =
        load(
            "database: {max_pool_size: 3}\n",
            Map.of(
                "DB_HOST", "10.0.0.7",
                "DB_PORT", "6543",
                "DB_USER", "app",
                "DB_PASSWORD", "secret",
                "DB_NAME", "gateway"));
    assertThat(c.database().url()).isEqualTo("jdbc:postgresql://10.0.0.7:6543/gateway");
    assertThat(c.database().username()).isEqualTo("app");
    assertThat(c.database().password()).isEqualTo("secret");
    assertThat(c.database().maxPoolSize()).isEqualTo(3);
    // the section's own values win
    FacadeConfig own =
        load(
            "database: {url: 'jdbc:h2:mem:own', username: u}\n",
            Map.of("DB_HOST", "ignored", "DB_USER", "ignored"));
    assertThat(own.database().url()).isEqualTo("jdbc:h2:mem:own");
    assertThat(own.database().username()).isEqualTo("u");
    // without a database section the variables turn nothing on, as in the original
    assertThat(load("", Map.of("DB_HOST", "db")).database()).isNull();
    // without DB_HOST an empty section is the H2 default
    assertThat(load("database:\n", Map.of()).database().url())
        .isEqualTo(DatabaseConfig.DEFAULT_URL);
    assertThatThrownBy(() -> load("database:\n", Map.of("DB_HOST", "db", "DB_PORT", "x")))
        .hasMessageContaining("DB_PORT: expected a port number");
    // ${VAR:default}, as the original's files write it
    FacadeConfig templated =
        load(
            "database:\n  url: jdbc:postgresql://${DB_HOST:localhost}:5432/${DB_NAME:llmux}\n",
            Map.of());
    assertThat(templated.database().url()).isEqualTo("jdbc:postgresql://localhost:5432/llmux");
  }

  @Test
  void redisNeedsAnAddressAndRoutingDistributedNeedsRedis() throws Exception {
    assertThatThrownBy(() -> load("redis:\n", Map.of()))
        .hasMessageContaining("redis: names no server")
        .hasMessageContaining("REDIS_ADDR");
    assertThat(load("redis:\n", Map.of("REDIS_ADDR", "r:6379")).hasRedis()).isTrue();
    assertThatThrownBy(() -> load("redis: {hots: r}\n", Map.of()))
        .hasMessageContaining("redis.hots");
    assertThatThrownBy(() -> load("routing: {distributed: true}\n", Map.of()))
        .hasMessageContaining("routing.distributed: true keeps routing state in Redis");
    assertThatThrownBy(() -> load("cache: {enabled: true, type: dual}\n", Map.of()))
        .hasMessageContaining("cache.type: dual keeps the cache in Redis");
    assertThat(load("routing: {distributed: false}\n", Map.of()).hasRedis()).isFalse();
  }

  @Test
  void metricsPathMustNotHideAnotherEndpoint() throws Exception {
    for (String path :
        new String[] {
          "/health/ready", "/v1/models", "/chat/completions", "/key/x", "/ui", "/ui/x"
        }) {
      assertThatThrownBy(() -> load("metrics: {path: '" + path + "'}\n", Map.of()))
          .as(path)
          .hasMessageContaining("metrics.path: " + path + " is taken");
    }
    assertThat(load("metrics: {path: /prometheus}\n", Map.of()).router().metrics().path())
        .isEqualTo("/prometheus");
    // off: any path is fine, nothing is served
    assertThat(load("metrics: {enabled: false, path: /v1/x}\n", Map.of()).router().metrics())
        .satisfies(m -> assertThat(m.enabled()).isFalse());
  }

  @Test
  void theReadmesTwoSidecarFileLoads() throws Exception {
    Path f = dir.resolve("fleet.yaml");
    Files.writeString(
        f,
        """
        deployment:
          mode: distributed
        providers:
          - name: openai
            type: openai
            api_key: ${OPENAI_API_KEY}
            models: [gpt-4o, gpt-4o-mini]
        routing:
          strategy: round-robin
        server:
          host: 0.0.0.0
          master_key: ${LLMUX_MASTER_KEY}
        database:                      # url from DB_HOST / DB_PORT / DB_USER / DB_PASSWORD / DB_NAME
        redis:                         # address from REDIS_ADDR / REDIS_PASSWORD
          namespace: prod
        cache: {enabled: true, type: dual, ttl: 1h}
        limits:
          - {scope: end_user, rpm: 60}
        """);
    FacadeConfig c =
        FacadeConfig.load(
            f,
            Map.of(
                "OPENAI_API_KEY", "sk-o",
                "LLMUX_MASTER_KEY", "sk-m",
                "DB_HOST", "db.internal",
                "DB_PASSWORD", "pw",
                "REDIS_ADDR", "redis.internal:6379"));
    assertThat(c.database().isPostgres()).isTrue();
    assertThat(c.redis().path("namespace").asText()).isEqualTo("prod");
    assertThat(c.server().authEnabled()).isTrue();
  }

  @Test
  void tracingEnabledStartsTheFacadeWithItsExporter() throws Exception {
    Path f = dir.resolve("tracing.yaml");
    Files.writeString(
        f,
        PROVIDERS
            + "tracing: {enabled: true, endpoint: 'http://127.0.0.1:4318', protocol: http/protobuf,"
            + " sample_ratio: 0.5, service_name: gw}\n");
    Main.Launched l = Main.launch(f, new Main.Options(0, null, Map.of(), null));
    try {
      assertThat(l.server().port()).isPositive();
      assertThat(l.router().deployments()).hasSize(1);
    } finally {
      l.stop();
    }
  }

  @Test
  void adminPortZeroIsNoAdminPort() throws Exception {
    assertThat(load("server: {admin_port: 0}\n", Map.of()).server().adminPort()).isNull();
    assertThat(load("server: {admin_port: 9090}\n", Map.of()).server().adminPort()).isEqualTo(9090);
  }

  @Test
  void distributedWithoutRedisDoesNotStart() throws Exception {
    Path f = dir.resolve("distributed.yaml");
    Files.writeString(
        f,
        PROVIDERS
            + "deployment: {mode: distributed}\n"
            + "database: {url: 'jdbc:postgresql://127.0.0.1:1/llmux'}\n");
    assertThatThrownBy(() -> Main.launch(f, new Main.Options(0, null, Map.of(), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            f
                + ": deployment.mode: distributed needs Redis (a redis: section; REDIS_ADDR /"
                + " REDIS_PASSWORD fill its address)");
  }

  @Test
  void developmentAllowsAKeylessNonLoopbackHost() throws Exception {
    Path f = dir.resolve("dev.yaml");
    Files.writeString(f, PROVIDERS + "server: {host: 0.0.0.0}\n");
    assertThatThrownBy(() -> Main.launch(f, new Main.Options(0, null, Map.of(), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deployment.mode: development");
    // (the tests listen on loopback only: the rule itself, without binding 0.0.0.0)
    ServerConfig anyHost = ServerConfig.builder().host("0.0.0.0").port(0).build();
    assertThat(FacadeServer.bindRefusal(anyHost, false)).contains("refusing to listen on 0.0.0.0");
    assertThat(FacadeServer.bindRefusal(anyHost, true)).isNull();
    Files.writeString(f, PROVIDERS + "server: {host: 0.0.0.0}\ndeployment: {mode: development}\n");
    assertThat(FacadeConfig.load(f, Map.of()).router().deploymentMode())
        .isEqualTo(DeploymentMode.DEVELOPMENT);
  }
}
