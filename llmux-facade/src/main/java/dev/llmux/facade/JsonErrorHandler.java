package dev.llmux.facade;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (a malformed request line, headers too large, a URI Jetty refuses,
 * 503 while stopping) in OpenAI's error JSON instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    ApiError error =
        new ApiError(
            code,
            code >= 500 ? "api_error" : "invalid_request_error",
            text,
            null,
            "http_" + code,
            null);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.JSON);
    response.write(true, ByteBuffer.wrap(error.toJsonBytes()), callback);
  }
}
