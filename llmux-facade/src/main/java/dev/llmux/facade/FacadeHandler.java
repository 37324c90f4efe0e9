package dev.llmux.facade;

import dev.llmux.api.error.LlmException;
import dev.llmux.core.config.MetricsConfig;
import dev.llmux.facade.RouteTable.Methods;
import dev.llmux.facade.RouteTable.Route;
import dev.llmux.facade.admin.ManagementApi;
import dev.llmux.jdbc.LlmuxDatabase;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

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
  private static final Logger ACCESS = LoggerFactory.getLogger(FacadeLogging.ACCESS_LOGGER);

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
  private final BrowserGuard browsers;
  private final boolean adminPortSet;

  /** Where a request continues once its body has arrived: virtual threads, or the server's pool. */
  private final Executor blocking;

  private static final byte[] NO_BODY = new byte[0];

  /** What {@code /health/ready} checks: the router, and the dependencies added before start. */
  private final Readiness readiness;

  /** The management API, with a database (before start), else {@code null}. */
  private ManagementApi managementApi;

  /** Where metrics are served ({@code metrics.path}), or {@code null} when they are off. */
  private String metricsPath = MetricsConfig.DEFAULT_PATH;

  private volatile boolean logPrompts;

  /** The trace export, or {@code null} when {@code tracing.enabled} is false. */
  private volatile FacadeTracing tracing;

  /** The dashboard's files and sessions ({@code null} when {@code server.ui.enabled} is false). */
  private final UiAssets uiAssets;

  private final UiSessions uiSessions;

  /** Single sign-on ({@code auth}), or {@code null}. */
  private volatile SsoAuth sso;

  /** The routes; replaced when a setting before start changes them. */
  private volatile RouteTable routes;

  FacadeHandler(
      ServerConfig config, FacadeMetrics metrics, RouterHolder routerHolder, Executor blocking) {
    this.config = config;
    this.blocking = blocking;
    this.metrics = metrics;
    this.routerHolder = routerHolder;
    this.auth = new Authenticator(config);
    this.bodies = new BodyReader();
    this.browsers = new BrowserGuard(config);
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

  void tracing(FacadeTracing tracing) {
    this.tracing = tracing;
  }

  /** Whether access lines carry request bodies ({@code logging.log_prompts}). */
  void logPrompts(boolean logPrompts) {
    this.logPrompts = logPrompts;
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
            .open(HealthEndpoint.LIVE_PATH, Methods.GET, HealthEndpoint.live())
            .open(HealthEndpoint.READY_PATH, Methods.GET, HealthEndpoint.ready(readiness));
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
    Exchange ex = new Exchange(request, response, config, metrics);
    FacadeTracing tr = tracing;
    ex.span = tr == null ? null : tr.begin(request, ex.method, ex.path);
    run(ex, callback, () -> prepare(ex, callback));
    return true;
  }

  /**
   * Finds the route, authenticates, checks the method; then serves the request at once, or, when it
   * has a body to read, once the whole body has arrived ({@link BodyBuffer}: no thread waits for
   * it), on the blocking executor.
   *
   * @return whether the request was answered here (else the body's arrival continues it)
   */
  private boolean prepare(Exchange ex, Callback callback) throws IOException {
    boolean onAdminPort =
        adminPortSet
            && FacadeServer.ADMIN_CONNECTOR.equals(
                ex.request.getConnectionMetaData().getConnector().getName());
    Route route = routes.find(ex.path, onAdminPort);
    ex.route = route.name();
    Endpoint endpoint = route.endpoint();
    boolean guarded = route.keyed() || endpoint instanceof ManagementEndpoint;
    if (guarded) {
      browsers.checkOrigin(ex); // the OpenAI and management endpoints, not health and metrics
    }
    Authenticator.Principal principal = route.keyed() ? auth.authenticate(ex) : null;
    ex.principal = principal;
    if (!route.methods().allows(ex.method)) {
      throw ApiErrorException.methodNotAllowed(ex.method, ex.path, route.methods().allow);
    }
    if (!endpoint.readsBody(ex.method) || !ex.hasBody()) {
      ex.body = NO_BODY;
      endpoint.serve(ex, principal);
      return true;
    }
    if (guarded) {
      BrowserGuard.checkJsonBody(ex); // the dashboard checks its own (UiEndpoint)
    }
    ex.bodyRead = true;
    BodyBuffer.read(
        ex.request,
        config.maxRequestBody(),
        config.requestBodyTimeout().toMillis(),
        config.minRequestDataRate(),
        result -> {
          try {
            blocking.execute(
                () ->
                    run(
                        ex,
                        callback,
                        () -> {
                          ex.body = result.get();
                          endpoint.serve(ex, principal);
                          return true;
                        }));
          } catch (RejectedExecutionException e) { // the server is stopping
            callback.failed(e);
          }
        });
    return false;
  }

  /**
   * Serves {@code ex}, whose body (if any) has arrived, as a request to its path on the main or the
   * admin port: the dashboard's calls ({@code /ui/api/<path>}, already checked for their origin,
   * session and CSRF token by {@link UiEndpoint}).
   */
  private void serve(Exchange ex, boolean onAdminPort) throws IOException {
    Route route = routes.find(ex.path, onAdminPort);
    ex.route = route.name();
    Authenticator.Principal principal = route.keyed() ? auth.authenticate(ex) : null;
    ex.principal = principal;
    if (!route.methods().allows(ex.method)) {
      throw ApiErrorException.methodNotAllowed(ex.method, ex.path, route.methods().allow);
    }
    if (ex.body == null || !route.endpoint().readsBody(ex.method)) {
      ex.body = NO_BODY;
    } else if (ex.body.length > 0) {
      BrowserGuard.checkJsonBody(ex);
    }
    route.endpoint().serve(ex, principal);
  }

  /** One step of serving a request: true when it answered, false when another step will. */
  @FunctionalInterface
  private interface Step {
    boolean run() throws IOException;
  }

  /**
   * Runs {@code step} and answers what it throws, here and only here; completes the request (and
   * records its metrics) unless the step handed it on.
   */
  private void run(Exchange ex, Callback callback, Step step) {
    // each step may run on another thread: the request's log fields and span follow it there
    MDC.put(FacadeLogging.MDC_CALL_ID, ex.requestId);
    Scope scope = ex.span == null ? null : ex.span.enter();
    try {
      boolean answered;
      try {
        answered = step.run();
      } catch (ApiErrorException e) {
        answer(ex, e.error(), e.allow(), e.closeConnection(), e);
        answered = true;
      } catch (LlmException e) {
        answer(ex, ApiError.of(e), null, false, e);
        answered = true;
      }
      if (answered) {
        complete(ex);
        callback.succeeded();
      }
    } catch (ClientGoneException e) {
      complete(ex);
      callback.failed(e.getCause());
    } catch (Throwable t) {
      if (ex.response.isCommitted()) {
        log.warn("request {} failed after the response was committed", ex.requestId, t);
        complete(ex);
        callback.failed(t);
      } else {
        log.error("request {} failed", ex.requestId, t);
        try {
          answer(
              ex,
              ApiError.internal(
                  "LLMux failed to serve this request (an internal error, logged under request id "
                      + ex.requestId
                      + ")"),
              null,
              false,
              null);
          complete(ex);
          callback.succeeded();
        } catch (Throwable t2) {
          complete(ex);
          callback.failed(t2);
        }
      }
    } finally {
      if (scope != null) {
        scope.close();
      }
      MDC.remove(FacadeLogging.MDC_CALL_ID);
      MDC.remove(FacadeLogging.MDC_TRACE_ID);
    }
  }

  /**
   * Records the request's metrics, writes its access line and ends its span, once, before the
   * callback completes it (after that, Jetty may recycle the request and the response).
   */
  private void complete(Exchange ex) {
    if (ex.completed) {
      return;
    }
    ex.completed = true;
    try {
      ex.recordMetrics();
      accessLine(ex, System.nanoTime() - ex.startNanos);
      if (ex.span != null) {
        ex.span.end(ex.method, ex.route, ex.response.getStatus());
      }
    } catch (RuntimeException e) {
      log.warn("request {}: its metrics, access line or span failed", ex.requestId, e);
    }
  }

  /**
   * The request's access line ({@link FacadeLogging#ACCESS_LOGGER}, info): method, path, status,
   * duration, bytes sent, call id, key (its name, never the secret), user, model group and
   * deployment; the body only with {@code logging.log_prompts}. Never a header or a query string.
   */
  private void accessLine(Exchange ex, long nanos) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    Response r = ex.response;
    int status = r.getStatus();
    long bytes = Response.getContentBytesWritten(r);
    double ms = Math.round(nanos / 10_000.0) / 100.0;
    Authenticator.Principal p = ex.principal;
    String group = r.getHeaders().get(RouteHeaders.H_MODEL_GROUP);
    String deployment = r.getHeaders().get(RouteHeaders.H_DEPLOYMENT);
    LoggingEventBuilder e =
        ACCESS
            .atInfo()
            .addKeyValue("method", ex.method)
            .addKeyValue("path", ex.path)
            .addKeyValue("status", status)
            .addKeyValue("duration_ms", ms)
            .addKeyValue("bytes", bytes); // call_id: the MDC's, on every line of the request
    if (p != null && p.keyId() != null) {
      e = e.addKeyValue("key", p.keyId());
    }
    if (p != null && p.user() != null) {
      e = e.addKeyValue("user", p.user());
    }
    if (group != null) {
      e = e.addKeyValue("model_group", group);
    }
    if (deployment != null) {
      e = e.addKeyValue("deployment", deployment);
    }
    if (logPrompts && ex.body != null && ex.body.length > 0) {
      String body = new String(ex.body, java.nio.charset.StandardCharsets.UTF_8);
      e =
          e.addKeyValue(
              "request_body",
              body.length() > LoggingConfig.MAX_PROMPT_CHARS
                  ? body.substring(0, LoggingConfig.MAX_PROMPT_CHARS)
                  : body);
    }
    e.log("{} {} {} {}ms", ex.method, ex.path, status, ms);
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
