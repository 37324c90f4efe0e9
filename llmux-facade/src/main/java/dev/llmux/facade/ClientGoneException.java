package dev.llmux.facade;

import java.io.IOException;

/**
 * Reading the request or writing the response failed because the client went away: the request is
 * over, nothing is answered. {@link FacadeHandler} fails Jetty's callback with the cause.
 */
final class ClientGoneException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClientGoneException(IOException cause) {
    super(cause.getMessage(), cause, false, false);
  }
}
