package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.core.config.ConfigLoader;
import dev.llmux.core.config.RouterConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The facade's whole configuration: the router's YAML (read by {@link ConfigLoader}) plus the
 * {@code server} and {@code database} sections, which the loader hands back raw and this class
 * validates.
 *
 * @param router the router configuration
 * @param server the {@code server} section
 * @param database the {@code database} section, or {@code null} when the file has none (no
 *     management API, no DB keys)
 */
public record FacadeConfig(RouterConfig router, ServerConfig server, DatabaseConfig database) {
  /** The top-level section the facade adds to the router's configuration file. */
  public static final String SECTION = "server";

  public FacadeConfig {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(server, "server");
  }

  /** A configuration without a database. */
  public FacadeConfig(RouterConfig router, ServerConfig server) {
    this(router, server, null);
  }

  /**
   * Loads {@code file} with the process environment.
   *
   * @throws dev.llmux.core.config.ConfigException for a bad router configuration (file and line)
   * @throws IllegalArgumentException for a bad {@code server} section, naming the file and the key
   */
  public static FacadeConfig load(Path file) {
    return load(file, System.getenv());
  }

  static FacadeConfig load(Path file, Map<String, String> env) {
    RouterConfig router = ConfigLoader.load(file, Set.of(SECTION, DatabaseConfig.SECTION));
    JsonNode section = router.extensions().get(SECTION);
    ServerConfig server;
    DatabaseConfig database;
    try {
      server = ServerConfig.fromJson(section, env);
      database =
          router.extensions().containsKey(DatabaseConfig.SECTION)
              ? DatabaseConfig.fromJson(router.extensions().get(DatabaseConfig.SECTION))
              : null;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    return new FacadeConfig(router, server, database);
  }
}
