package dev.llmux.facade;

import dev.llmux.api.error.LlmException;
import dev.llmux.core.config.MetricsConfig;
import dev.llmux.facade.RouteTable.Methods;
import dev.llmux.facade.RouteTable.Route;
import dev.llmux.facade.admin.ManagementApi;
import dev.llmux.jdbc.LlmuxDatabase;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's one Jetty handler. For each request: find its {@link Route} in the {@link
 * RouteTable}, authenticate the caller when the route needs a key ({@link Authenticator}), check
 * the method, let the route's {@link Endpoint} serve it, and answer what was thrown, here and only
 * here: an {@link ApiErrorException} or a router's {@link LlmException} as OpenAI's error JSON,
 * anything else as a 500; a client that went away ends the request. Every request is timed under
 * its route's name. Blocking: each request holds one thread (virtual where the runtime has them)
 * until its response, or its stream, is complete.
 */
final class FacadeHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(FacadeHandler.class);

  /**
   * Jetty's idle timeout, when no read or write is pending, would fail the request; here it means
   * the router is waiting on the upstream (a slow model, a pause between chunks), which the
   * router's own timeouts bound. So the idle timeout only applies to pending reads and writes,
   * which is what {@code read_timeout} and {@code write_timeout} promise.
   */
  private static final Predicate<TimeoutException> IGNORE_IDLE_WITHOUT_IO = t -> false;

  private final ServerConfig config;
  private final FacadeMetrics metrics;
  private final RouterHolder routerHolder;
  private final Authenticator auth;
  private final BodyReader bodies;
  private final boolean adminPortSet;

  /** What {@code /health/ready} checks: the router, and the dependencies added before start. */
  private final Readiness readiness;

  /** The management API, with a database (before start), else {@code null}. */
  private ManagementApi managementApi;

  /** Where metrics are served ({@code metrics.path}), or {@code null} when they are off. */
  private String metricsPath = MetricsConfig.DEFAULT_PATH;

  /** The dashboard's files and sessions ({@code null} when {@code server.ui.enabled} is false). */
  private final UiAssets uiAssets;

  private final UiSessions uiSessions;

  /** Single sign-on ({@code auth}), or {@code null}. */
  private volatile SsoAuth sso;

  /** The routes; replaced when a setting before start changes them. */
  private volatile RouteTable routes;

  FacadeHandler(ServerConfig config, FacadeMetrics metrics, RouterHolder routerHolder) {
    this.config = config;
    this.metrics = metrics;
    this.routerHolder = routerHolder;
    this.auth = new Authenticator(config);
    this.bodies = new BodyReader(config.maxRequestBody());
    this.adminPortSet = config.adminPort() != null;
    this.readiness = new Readiness(routerHolder);
    this.uiAssets = config.ui().enabled() ? UiAssets.shared() : null;
    this.uiSessions = new UiSessions(config.ui(), Clock.systemUTC());
    this.routes = routes();
  }

  /**
   * Serves the database's keys on the OpenAI endpoints, and the management API {@code api}; with
   * {@code sso} (or {@code null}), single sign-on principals too.
   */
  void database(LlmuxDatabase db, ManagementApi api, Clock clock, SsoAuth sso) {
    auth.database(db, clock);
    auth.sso(sso);
    this.sso = sso;
    this.managementApi = api;
    this.routes = routes();
  }

  /** Serves metrics at {@code path}, or nowhere ({@code null}). */
  void metricsPath(String path) {
    this.metricsPath = path;
    this.routes = routes();
  }

  Readiness readiness() {
    return readiness;
  }

  /** The route table: every path the facade serves, with its methods and endpoint. */
  private RouteTable routes() {
    ModelCalls calls = new ModelCalls(routerHolder);
    SseWriter sse = new SseWriter(metrics);
    RouteTable.Builder b =
        RouteTable.builder(adminPortSet)
            .open("/health/live", Methods.GET, HealthEndpoint.live())
            .open("/health/ready", Methods.GET, HealthEndpoint.ready(readiness));
    if (metricsPath != null) {
      b.open(metricsPath, Methods.GET, new MetricsEndpoint(metrics));
    }
    b.api("/chat/completions", Methods.POST, new ChatCompletionsEndpoint(bodies, calls, sse))
        .api("/responses", Methods.POST, new ResponsesEndpoint(bodies, calls, sse))
        .api("/completions", Methods.POST, new CompletionsEndpoint(bodies, calls, sse))
        .api("/embeddings", Methods.POST, new EmbeddingsEndpoint(bodies, calls))
        .api("/models", Methods.GET, new ModelsEndpoint(calls))
        .model(Methods.GET, new ModelEndpoint(calls));
    if (managementApi != null) {
      b.management(managementApi, new ManagementEndpoint(managementApi, bodies));
    }
    if (uiAssets != null) {
      b.ui(
          new UiEndpoint(
              config, uiAssets, uiSessions, auth, bodies, managementApi, sso, this::serve));
    }
    return b.build();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    request.addIdleTimeoutListener(IGNORE_IDLE_WITHOUT_IO);
    Exchange ex = new Exchange(request, response, config);
    try {
      try {
        serve(ex);
      } catch (ApiErrorException e) {
        answer(ex, e.error(), e.allow(), e.closeConnection(), e);
      } catch (LlmException e) {
        answer(ex, ApiError.of(e), null, false, e);
      }
      callback.succeeded();
    } catch (ClientGoneException e) {
      callback.failed(e.getCause());
    } catch (Throwable t) {
      if (response.isCommitted()) {
        log.warn("request {} failed after the response was committed", ex.requestId, t);
        callback.failed(t);
      } else {
        log.error("request {} failed", ex.requestId, t);
        try {
          answer(
              ex,
              ApiError.internal("internal error: " + t.getClass().getSimpleName()),
              null,
              false,
              null);
          callback.succeeded();
        } catch (Throwable t2) {
          callback.failed(t2);
        }
      }
    } finally {
      metrics.record(ex.route, response.getStatus(), System.nanoTime() - ex.startNanos);
    }
    return true;
  }

  private void serve(Exchange ex) throws IOException {
    boolean onAdminPort =
        adminPortSet
            && FacadeServer.ADMIN_CONNECTOR.equals(
                ex.request.getConnectionMetaData().getConnector().getName());
    serve(ex, onAdminPort);
  }

  /**
   * Serves {@code ex} as a request to its path on the main or the admin port (also the dashboard's
   * calls).
   */
  private void serve(Exchange ex, boolean onAdminPort) throws IOException {
    Route route = routes.find(ex.path, onAdminPort);
    ex.route = route.name();
    Authenticator.Principal principal = route.keyed() ? auth.authenticate(ex) : null;
    if (!route.methods().allows(ex.method)) {
      throw ApiErrorException.methodNotAllowed(ex.method, ex.path, route.methods().allow);
    }
    route.endpoint().serve(ex, principal);
  }

  /**
   * Answers {@code error}: logged (5xx at warn, the rest at debug), {@code Allow} for a 405, {@code
   * Connection: close} when asked (and whenever the body was left unread), {@code Retry-After} when
   * the error has one.
   *
   * @param thrown what carried the error, rethrown when the response is already committed (an error
   *     after a stream started is the stream's own error event, never this)
   */
  private static void answer(
      Exchange ex, ApiError error, String allow, boolean closeConnection, RuntimeException thrown)
      throws IOException {
    if (thrown != null && ex.response.isCommitted()) {
      throw thrown;
    }
    if (error.status() >= 500) {
      log.warn(
          "request {} answered {} {}: {}",
          ex.requestId,
          error.status(),
          error.code(),
          error.message());
    } else {
      log.debug(
          "request {} answered {} {}: {}",
          ex.requestId,
          error.status(),
          error.code(),
          error.message());
    }
    if (allow != null) {
      ex.response.getHeaders().put(HttpHeader.ALLOW, allow);
    }
    if (closeConnection) {
      ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    String retryAfter = error.retryAfterSeconds();
    if (retryAfter != null) {
      ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
    }
    ex.sendBytes(error.status(), Exchange.JSON, error.toJsonBytes());
  }
}
