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
}
