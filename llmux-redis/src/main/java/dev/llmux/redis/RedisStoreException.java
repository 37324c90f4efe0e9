package dev.llmux.redis;

/**
 * A Redis call failed or did not answer within the configured timeout. Thrown by every store of
 * this module; the router's fail-open / fail-closed logic decides what the request does.
 */
public final class RedisStoreException extends RuntimeException {
  public RedisStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
