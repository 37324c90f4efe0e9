package dev.llmux.jdbc;

/**
 * The database failed or could not be reached (HTTP 503). The cause is the driver's {@link
 * java.sql.SQLException}.
 */
public class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
