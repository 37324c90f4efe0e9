package dev.llmux.core.cache;

import java.time.Instant;
import java.util.Objects;

/**
 * One cached value: the serialized response bytes and when they were stored. The byte array is
 * owned by the entry; do not modify it.
 */
public final class CacheEntry {
  private final byte[] value;
  private final Instant storedAt;

  /** An entry holding {@code value}, stored at {@code storedAt}. */
  public CacheEntry(byte[] value, Instant storedAt) {
    this.value = Objects.requireNonNull(value, "value");
    this.storedAt = Objects.requireNonNull(storedAt, "storedAt");
  }

  /** The stored bytes. */
  public byte[] value() {
    return value;
  }

  /** When the entry was stored. */
  public Instant storedAt() {
    return storedAt;
  }
}
