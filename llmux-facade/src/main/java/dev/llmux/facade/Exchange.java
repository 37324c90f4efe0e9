package dev.llmux.facade;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One request being served: Jetty's request and response, its path and method, the request id
 * (answered in {@code x-request-id} on every response), the route name its metrics are recorded
 * under, and whether its body was read. Writes the answers: JSON values and fixed bytes.
 */
final class Exchange {
  static final String JSON = "application/json";
  static final String H_REQUEST_ID = "x-request-id";

  final Request request;
  final Response response;
  final String path;
  final String method;
  final String requestId;
  final long startNanos = System.nanoTime();
  private final ServerConfig config;
  private final FacadeMetrics metrics;
  private boolean recorded;

  /** The request this one stands in for (a dashboard call), which records the metrics; or null. */
  private final Exchange outer;

  /** The {@code route} tag of this request's metrics (set by the route table). */
  String route = RouteTable.R_OTHER;

  /** Whether the body was (being) read; an answer without reading it closes the connection. */
  boolean bodyRead;

  /** Who the request authenticated as (for the access line), or {@code null}. */
  Authenticator.Principal principal;

  /** The request's SERVER span when tracing is on, else {@code null}. */
  FacadeTracing.RequestSpan span;

  /** Whether the request's metrics, access line and span are done ({@code FacadeHandler}). */
  boolean completed;

  /** The whole request body once it has arrived (empty when there is none or it is not read). */
  byte[] body;

  Exchange(Request request, Response response, ServerConfig config, FacadeMetrics metrics) {
    this.request = request;
    this.response = response;
    this.config = config;
    this.metrics = metrics;
    this.outer = null;
    this.path = Request.getPathInContext(request);
    this.method = request.getMethod();
    this.requestId = requestId(request.getHeaders().get(H_REQUEST_ID));
    response.getHeaders().put(H_REQUEST_ID, requestId);
  }

  /**
   * The request {@code request} (a wrapper of {@code outer}'s, as a dashboard call's API request)
   * answered on {@code outer}'s response, with its body; its metrics are {@code outer}'s, under
   * this request's route.
   */
  Exchange(Request request, Exchange outer) {
    this.request = request;
    this.response = outer.response;
    this.config = outer.config;
    this.metrics = outer.metrics;
    this.outer = outer;
    this.path = Request.getPathInContext(request);
    this.method = request.getMethod();
    this.requestId = requestId(request.getHeaders().get(H_REQUEST_ID));
    this.body = outer.body;
    this.bodyRead = outer.bodyRead;
    response.getHeaders().put(H_REQUEST_ID, requestId);
  }

  /** Answers {@code value} as JSON with {@code status}, under the write timeout. */
  void sendJson(int status, Object value) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    useWriteTimeout();
    try (ResponseOutput out = new ResponseOutput(response, 1024)) {
      out.writeJson(value);
      recordMetrics();
    } finally {
      restoreReadTimeout();
    }
  }

  /** Answers {@code body} as is. */
  void sendBytes(int status, String contentType, byte[] body) throws IOException {
    if (!bodyRead && hasBody()) {
      // Answered without reading the body (auth, method, path errors): Jetty may not be able to
      // skip what has not arrived yet and then closes the connection; say so, so that the client
      // does not reuse it.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    try (ResponseOutput out = new ResponseOutput(response, body.length)) {
      out.write(body);
      recordMetrics();
    }
  }

  /**
   * Records this request's time under its route and status, once: just before the last write of a
   * JSON answer (so the answer a client holds is always counted), else when the request ends (a
   * stream, a client gone).
   */
  void recordMetrics() {
    if (outer != null) {
      outer.route = route;
      outer.recordMetrics();
    } else if (!recorded) {
      recorded = true;
      metrics.record(route, response.getStatus(), System.nanoTime() - startNanos);
    }
  }

  /** Whether the request declares a body (a length above 0, or chunked). */
  boolean hasBody() {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  /**
   * From here on a pending write may wait {@code write_timeout} (the connection's idle timeout).
   */
  void useWriteTimeout() {
    endPoint().setIdleTimeout(config.writeTimeout().toMillis());
  }

  /** Back to {@code read_timeout} for the connection's next request. */
  void restoreReadTimeout() {
    endPoint().setIdleTimeout(config.readTimeout().toMillis());
  }

  private EndPoint endPoint() {
    return request.getConnectionMetaData().getConnection().getEndPoint();
  }

  /**
   * The caller's request id when it is a sane token (1-128 visible ASCII characters), else a new
   * one.
   */
  static String requestId(String fromCaller) {
    if (fromCaller != null && !fromCaller.isEmpty() && fromCaller.length() <= 128) {
      boolean ok = true;
      for (int i = 0; i < fromCaller.length(); i++) {
        char c = fromCaller.charAt(i);
        if (c <= 0x20 || c >= 0x7f) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return fromCaller;
      }
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "req_" + hex16(r.nextLong()) + hex16(r.nextLong());
  }

  private static String hex16(long v) {
    String s = Long.toHexString(v);
    return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
  }
}
