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
 * @param auth the {@code auth} section (single sign-on); {@link AuthConfig#NONE} when absent
 */
public record FacadeConfig(
    RouterConfig router, ServerConfig server, DatabaseConfig database, AuthConfig auth) {
  /** The top-level section the facade adds to the router's configuration file. */
  public static final String SECTION = "server";

  public FacadeConfig {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(server, "server");
    if (auth == null) {
      auth = AuthConfig.NONE;
    }
  }

  /** A configuration without single sign-on. */
  public FacadeConfig(RouterConfig router, ServerConfig server, DatabaseConfig database) {
    this(router, server, database, AuthConfig.NONE);
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
    RouterConfig router =
        ConfigLoader.load(file, Set.of(SECTION, DatabaseConfig.SECTION, AuthConfig.SECTION));
    JsonNode section = router.extensions().get(SECTION);
    ServerConfig server;
    DatabaseConfig database;
    AuthConfig auth;
    try {
      server = ServerConfig.fromJson(section, env);
      database =
          router.extensions().containsKey(DatabaseConfig.SECTION)
              ? DatabaseConfig.fromJson(router.extensions().get(DatabaseConfig.SECTION))
              : null;
      auth = AuthConfig.fromJson(router.extensions().get(AuthConfig.SECTION));
      if (database == null && !auth.isEmpty()) {
        throw new IllegalArgumentException(
            "auth."
                + (auth.jwt() != null ? "jwt" : "oidc")
                + ": needs the database: section (a single sign-on principal is stored as a user,"
                + " with its role and teams, so budgets, limits and spend apply to it)");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    return new FacadeConfig(router, server, database, auth);
  }
}
