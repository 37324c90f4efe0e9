package dev.llmux.facade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code database} section and {@code server.admin_port}. */
class DatabaseConfigTest {
  @TempDir Path dir;

  static JsonNode yaml(String s, String section) throws Exception {
    JsonNode root = new YAMLMapper().readTree(s);
    return root.has(section)
        ? root.get(section)
        : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  @Test
  void absentMeansNoDatabaseAndAnEmptySectionMeansTheH2FileDefault() throws Exception {
    assertThat(DatabaseConfig.fromJson(yaml("server: {}", "database"))).isNull();
    DatabaseConfig d = DatabaseConfig.fromJson(yaml("database:", "database"));
    assertThat(d.url())
        .isEqualTo(DatabaseConfig.DEFAULT_URL)
        .startsWith("jdbc:h2:file:./llmux-data/");
    assertThat(d.maxPoolSize()).isEqualTo(10);
    assertThat(d.keyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(DatabaseConfig.fromJson(yaml("database: {}", "database"))).isEqualTo(d);
  }

  @Test
  void everyKey() throws Exception {
    DatabaseConfig d =
        DatabaseConfig.fromJson(
            yaml(
                """
        database:
          url: jdbc:postgresql://db:5432/llmux
          username: llmux
          password: secret
          max_pool_size: 4
          key_cache_ttl: 5s
          spend:
            buffer_capacity: 1000
            batch_size: 50
            flush_interval: 250ms
            shutdown_timeout: 10s
            retry_initial_backoff: 2s
            retry_max_backoff: 1m
        """,
                "database"));
    assertThat(d.url()).isEqualTo("jdbc:postgresql://db:5432/llmux");
    assertThat(d.username()).isEqualTo("llmux");
    assertThat(d.password()).isEqualTo("secret");
    assertThat(d.toString()).doesNotContain("secret");
    assertThat(d.maxPoolSize()).isEqualTo(4);
    assertThat(d.keyCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.spend().bufferCapacity()).isEqualTo(1000);
    assertThat(d.spend().batchSize()).isEqualTo(50);
    assertThat(d.spend().flushInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(d.spend().shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.spend().retryInitialBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.spend().retryMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> DatabaseConfig.fromJson(yaml("database: {urll: x}", "database")))
        .hasMessageContaining("database.urll: unknown key");
    assertThatThrownBy(
            () -> DatabaseConfig.fromJson(yaml("database: {url: mysql://x}", "database")))
        .hasMessageContaining("database.url: expected a JDBC url");
    assertThatThrownBy(
            () -> DatabaseConfig.fromJson(yaml("database: {max_pool_size: lots}", "database")))
        .hasMessageContaining("database.max_pool_size: expected an integer");
    assertThatThrownBy(
            () -> DatabaseConfig.fromJson(yaml("database: {max_pool_size: 0}", "database")))
        .hasMessageContaining("database.max_pool_size: must be positive");
    assertThatThrownBy(
            () -> DatabaseConfig.fromJson(yaml("database: {spend: {batch: 3}}", "database")))
        .hasMessageContaining("database.spend.batch: unknown key");
    assertThatThrownBy(
            () -> DatabaseConfig.fromJson(yaml("database: {spend: {batch_size: 0}}", "database")))
        .hasMessageContaining("database.spend.batch_size");
    assertThatThrownBy(
            () ->
                DatabaseConfig.fromJson(
                    yaml("database: {spend: {retry_max_backoff: 1ms}}", "database")))
        .hasMessageContaining("database.spend.retry_max_backoff");
    assertThatThrownBy(() -> DatabaseConfig.fromJson(yaml("database: [1]", "database")))
        .hasMessageContaining("database: expected a mapping");
  }

  @Test
  void theFileNamesItselfInErrors() throws Exception {
    Path f = dir.resolve("llmux.yaml");
    Files.writeString(f, MainTest.ROUTER + "database:\n  max_pool_size: -1\n");
    assertThatThrownBy(() -> FacadeConfig.load(f, Map.of()))
        .hasMessageContaining(f.toString())
        .hasMessageContaining("database.max_pool_size");
    Files.writeString(f, MainTest.ROUTER + "database:\n  url: jdbc:h2:mem:x\n");
    assertThat(FacadeConfig.load(f, Map.of()).database().url()).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void adminPort() throws Exception {
    ServerConfig c =
        ServerConfig.fromJson(yaml("server: {port: 4000, admin_port: 4001}", "server"), Map.of());
    assertThat(c.adminPort()).isEqualTo(4001);
    assertThat(ServerConfig.fromJson(null, Map.of()).adminPort()).isNull();
    assertThatThrownBy(
            () ->
                ServerConfig.fromJson(
                    yaml("server: {port: 4000, admin_port: 4000}", "server"), Map.of()))
        .hasMessageContaining("server.admin_port: must differ");
    assertThatThrownBy(
            () -> ServerConfig.fromJson(yaml("server: {admin_port: 70000}", "server"), Map.of()))
        .hasMessageContaining("server.admin_port: must be 0..65535");
  }
}
