package dev.llmux.jdbc.spend;

/** A spend query failed in the database (unavailable, or a schema problem). */
public final class SpendQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpendQueryException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
