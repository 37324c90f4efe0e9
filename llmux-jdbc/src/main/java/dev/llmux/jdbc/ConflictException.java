package dev.llmux.jdbc;

/**
 * A change that conflicts with stored data (HTTP 409): a duplicate id, alias or email, a budget
 * still in use, a used-up invitation.
 */
public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }

  /** With the driver's error as the cause (its message may quote SQL: it is not for callers). */
  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
