package dev.llmux.core.config;

import java.util.Locale;

/**
 * How an LLMux service is deployed ({@code deployment.mode}, the original LLMux's setting). The
 * router itself does not read it; the facade checks what each mode requires at start. See {@code
 * docs/facade.md} (Deployment modes).
 */
public enum DeploymentMode {
  /**
   * One instance (the default): state in process unless a {@code redis} section or a {@code
   * database} section puts it elsewhere.
   */
  STANDALONE,
  /**
   * Many instances sharing state: requires a PostgreSQL database and Redis, and routing state in
   * Redis; the facade refuses to start without them, naming what is missing.
   */
  DISTRIBUTED,
  /**
   * Local development: as standalone, and the facade may listen on a non-loopback address without
   * any API key (a container's {@code 0.0.0.0}), with a warning.
   */
  DEVELOPMENT;

  /** The name used in configuration files: {@code standalone}, {@code distributed}, ... */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode named {@code key} (case-insensitive, surrounding blanks ignored).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static DeploymentMode fromKey(String key) {
    String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
    for (DeploymentMode m : values()) {
      if (m.key().equals(k)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown deployment mode '" + key + "' (known: standalone, distributed, development)");
  }
}
