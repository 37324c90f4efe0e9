package dev.llmux.jdbc;

/**
 * A newly generated (or regenerated) key.
 *
 * @param key the plaintext, {@code sk-llmux-} + 32 random base62 characters: shown once, never
 *     stored
 * @param info the stored key
 */
public record GeneratedKey(String key, ApiKey info) {
  @Override
  public String toString() {
    return "GeneratedKey[key=" + info.keyName() + ", info=" + info + "]";
  }
}
