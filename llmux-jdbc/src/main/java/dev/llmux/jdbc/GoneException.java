package dev.llmux.jdbc;

/** Something that existed but may no longer be used (HTTP 410): an expired invitation. */
public class GoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GoneException(String message) {
    super(message);
  }
}
