package dev.llmux.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Virtual API keys. {@code idOrKey} arguments accept the key id ({@code key-...}) or the plaintext
 * key. Every change writes an audit row (never the plaintext or its hash) and invalidates the
 * {@link LlmuxDatabase#authenticate} cache.
 */
public interface Keys {
  /** Generates a new key; 400 for an unknown user/team, 409 for a duplicate alias. */
  GeneratedKey generate(KeySpec spec, Actor actor);

  /** Changes a key; 404 when unknown. */
  ApiKey update(String idOrKey, KeySpec spec, Actor actor);

  /** Deletes keys; returns the ids deleted; 404 when one is unknown (then nothing is deleted). */
  List<String> delete(List<String> idsOrKeys, Actor actor);

  /** The key, or empty. */
  Optional<ApiKey> info(String idOrKey);

  /** Keys matching {@code filter}, ordered by creation time. */
  Page<ApiKey> list(KeyFilter filter);

  /** Blocks a key (authenticate reports it blocked at once). */
  ApiKey block(String idOrKey, Actor actor);

  /** Unblocks a key. */
  ApiKey unblock(String idOrKey, Actor actor);

  /**
   * Replaces the key's secret (same id), applying {@code changes} (nullable). With a grace period
   * the old secret keeps working until now + grace; {@code null} or zero invalidates it at once.
   */
  GeneratedKey regenerate(String idOrKey, Duration gracePeriod, KeySpec changes, Actor actor);
}
