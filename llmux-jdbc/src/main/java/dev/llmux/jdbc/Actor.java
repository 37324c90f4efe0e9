package dev.llmux.jdbc;

import java.util.Objects;

/**
 * Who makes a change, recorded in the audit log.
 *
 * @param id user id, {@code master} or key id
 * @param keyId the key the change was made with, or {@code null}
 */
public record Actor(String id, String keyId) {
  /** Changes made by LLMux itself (bootstrap, migrations). */
  public static final Actor SYSTEM = new Actor("system", null);

  public Actor {
    Objects.requireNonNull(id, "actor id");
  }
}
