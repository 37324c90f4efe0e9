package dev.llmux.facade;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.model.Model;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.core.Attempt;
import dev.llmux.core.ChatStream;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.ResponseStream;
import dev.llmux.core.RouteResult;
import dev.llmux.facade.admin.Failure;
import dev.llmux.facade.admin.ManagementApi;
import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.KeyPrincipal;
import dev.llmux.jdbc.LlmuxDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's one Jetty handler: routes the OpenAI paths (with and without {@code /v1}), checks the
 * API key, parses the body once from the request stream, calls the router and writes the answer or
 * OpenAI's error JSON. Blocking: each request holds one thread (virtual where the runtime has them)
 * until its response, or its stream, is complete.
 */
final class FacadeHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(FacadeHandler.class);

  static final String JSON = "application/json";
  static final String EVENT_STREAM = "text/event-stream";

  static final String H_REQUEST_ID = "x-request-id";
  static final String H_DEPLOYMENT = "x-llmux-deployment";
  static final String H_MODEL_GROUP = "x-llmux-model-group";
  static final String H_ATTEMPTS = "x-llmux-attempts";
  static final String H_CACHE_HIT = "x-llmux-cache-hit";
  static final String H_OVERHEAD = "x-llmux-overhead-ms";
  static final String H_CALL_ID = "x-llmux-call-id";

  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];
  private static final byte[] OK_BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  /**
   * OpenAI API areas LLMux does not serve: answered 400 rather than 404, so callers learn why.
   * {@code /responses} and {@code /completions} themselves are served; what lies below them
   * ({@code /responses/{id}}: stored responses) is not.
   */
  private static final Set<String> NOT_SERVED = Set.of("audio", "images", "files", "batches", "fine_tuning",
      "fine-tunes", "moderations", "assistants", "threads", "vector_stores", "uploads", "realtime", "evals",
      "containers", "conversations", "responses", "completions", "edits", "engines", "organization", "chatkit",
      "videos");

  /** The fixed route names used as the {@code route} tag of metrics. */
  static final String R_CHAT = "/v1/chat/completions";
  static final String R_RESPONSES = "/v1/responses";
  static final String R_COMPLETIONS = "/v1/completions";
  static final String R_EMBEDDINGS = "/v1/embeddings";
  static final String R_MODELS = "/v1/models";
  static final String R_MODEL = "/v1/models/{id}";
  static final String R_NOT_SERVED = "not_served";
  static final String R_LIVE = "/health/live";
  static final String R_READY = "/health/ready";
  static final String R_METRICS = "/metrics";
  static final String R_OTHER = "other";
  static final String R_MANAGEMENT = "management";
  /** The name of the admin connector ({@code server.admin_port}). */
  static final String ADMIN_CONNECTOR = "admin";

  private final ServerConfig config;
  private final Authenticator auth;
  private final FacadeMetrics metrics;
  private final RouterHolder routerHolder;
  private final ObjectMapper mapper = Json.mapper();
  /** The database and the management API, when the config has a {@code database} section (set before start). */
  private volatile LlmuxDatabase database;
  private volatile ManagementApi management;
  private volatile java.time.Clock clock = java.time.Clock.systemUTC();

  /** The router, once built, or why there is none (read by every request; swapped at start and stop). */
  static final class RouterHolder {
    private volatile LlmRouter router;
    private volatile String notReadyReason = "the router is not built yet";

    void set(LlmRouter router) {
      this.router = router;
      this.notReadyReason = router == null ? "the router is not built yet" : null;
    }

    void notReady(String reason) {
      this.notReadyReason = reason;
    }

    LlmRouter router() {
      return router;
    }

    String notReadyReason() {
      return router == null && notReadyReason == null ? "the router is not built yet" : notReadyReason;
    }
  }

  FacadeHandler(ServerConfig config, FacadeMetrics metrics, RouterHolder routerHolder) {
    this.config = config;
    this.auth = new Authenticator(config);
    this.metrics = metrics;
    this.routerHolder = routerHolder;
  }

  /** Serves DB keys on the OpenAI endpoints and the management API from {@code db}. */
  void database(LlmuxDatabase db, ManagementApi api, java.time.Clock clock) {
    this.database = db;
    this.management = api;
    this.clock = clock;
  }

  /** Thrown while reading a body larger than {@code max_request_body}. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("request body too large", null);
    }
  }

  /** One request being served. */
  private final class Exchange {
    final Request request;
    final Response response;
    final String requestId;
    final long startNanos = System.nanoTime();
    String route = R_OTHER;
    boolean bodyRead;

    Exchange(Request request, Response response) {
      this.request = request;
      this.response = response;
      this.requestId = requestId(request.getHeaders().get(H_REQUEST_ID));
      response.getHeaders().put(H_REQUEST_ID, requestId);
    }
  }

  /**
   * Jetty's idle timeout, when no read or write is pending, would fail the request; here it means
   * the router is waiting on the upstream (a slow model, a pause between chunks), which the
   * router's own timeouts bound. So the idle timeout only applies to pending reads and writes,
   * which is what {@code read_timeout} and {@code write_timeout} promise.
   */
  private static final Predicate<TimeoutException> IGNORE_IDLE_WITHOUT_IO = t -> false;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    request.addIdleTimeoutListener(IGNORE_IDLE_WITHOUT_IO);
    Exchange ex = new Exchange(request, response);
    try {
      dispatch(ex);
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
          sendError(ex, ApiError.internal("internal error: " + t.getClass().getSimpleName()));
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

  /** A write failed because the client went away; the request is over. */
  private static final class ClientGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGoneException(IOException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  // ---------------------------------------------------------------- routing

  private void dispatch(Exchange ex) throws IOException {
    String path = Request.getPathInContext(ex.request);
    String method = ex.request.getMethod();
    switch (path) {
      case "/health/live":
        ex.route = R_LIVE;
        if (requireGet(ex, method, path)) {
          sendBytes(ex, 200, JSON, OK_BODY);
        }
        return;
      case "/health/ready":
        ex.route = R_READY;
        if (requireGet(ex, method, path)) {
          String reason = routerHolder.notReadyReason();
          if (reason == null) {
            sendBytes(ex, 200, JSON, OK_BODY);
          } else {
            sendError(ex, ApiError.unavailable("not ready: " + reason, "not_ready"));
          }
        }
        return;
      case "/metrics":
        ex.route = R_METRICS;
        if (requireGet(ex, method, path)) {
          ex.response.setStatus(200);
          ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, FacadeMetrics.CONTENT_TYPE);
          try (ResponseOutput out = new ResponseOutput(ex.response, 16 * 1024)) {
            metrics.scrape(out);
          }
        }
        return;
      default:
        break;
    }

    boolean onAdminPort = config.adminPort() != null
        && ADMIN_CONNECTOR.equals(ex.request.getConnectionMetaData().getConnector().getName());
    ManagementApi admin = management;
    if (admin != null && ManagementApi.isManagementPath(path) && (config.adminPort() == null || onAdminPort)) {
      serveManagement(ex, admin, method, path);
      return;
    }
    if (onAdminPort) {
      ex.route = R_OTHER;
      sendError(ex, ApiError.notFound("Unknown path " + path + " (this is the admin port: it serves the management"
          + " API and /health only)", "unknown_url"));
      return;
    }

    // The OpenAI API: /v1/... and the same paths without /v1.
    String api = path.startsWith("/v1/") ? path.substring(3) : path;
    ex.route = apiRoute(api);
    Authenticator.Principal principal = authenticate(ex);
    if (principal == null) {
      return;
    }
    switch (ex.route) {
      case R_CHAT:
        if (requirePost(ex, method, path)) {
          chat(ex, principal);
        }
        break;
      case R_RESPONSES:
        if (requirePost(ex, method, path)) {
          responses(ex, principal);
        }
        break;
      case R_COMPLETIONS:
        if (requirePost(ex, method, path)) {
          completions(ex, principal);
        }
        break;
      case R_EMBEDDINGS:
        if (requirePost(ex, method, path)) {
          embeddings(ex, principal);
        }
        break;
      case R_MODELS:
        if (requireGet(ex, method, path)) {
          listModels(ex, principal);
        }
        break;
      case R_MODEL:
        if (requireGet(ex, method, path)) {
          getModel(ex, principal, api.substring("/models/".length()));
        }
        break;
      case R_NOT_SERVED:
        sendError(ex, ApiError.badRequest("LLMux does not serve " + path
            + ": this gateway serves /v1/chat/completions, /v1/responses, /v1/completions, /v1/embeddings"
            + " and /v1/models only",
            null, "unsupported_endpoint"));
        break;
      default:
        sendError(ex, ApiError.notFound("Unknown path " + path, "unknown_url"));
    }
  }

  /** The route name of an API path ({@code /v1} already removed); {@link #R_OTHER} when unknown. */
  static String apiRoute(String api) {
    switch (api) {
      case "/chat/completions":
        return R_CHAT;
      case "/responses":
        return R_RESPONSES;
      case "/completions":
        return R_COMPLETIONS;
      case "/embeddings":
        return R_EMBEDDINGS;
      case "/models":
        return R_MODELS;
      default:
        if (api.startsWith("/models/") && api.length() > "/models/".length()) {
          return R_MODEL;
        }
        return isNotServed(api) ? R_NOT_SERVED : R_OTHER;
    }
  }

  private static boolean isNotServed(String api) {
    int end = api.indexOf('/', 1);
    String first = end < 0 ? api.substring(1) : api.substring(1, end);
    return NOT_SERVED.contains(first);
  }

  private boolean requireGet(Exchange ex, String method, String path) throws IOException {
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    ex.response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    sendError(ex, ApiError.methodNotAllowed(method, path));
    return false;
  }

  private boolean requirePost(Exchange ex, String method, String path) throws IOException {
    if (method.equals("POST")) {
      return true;
    }
    ex.response.getHeaders().put(HttpHeader.ALLOW, "POST");
    sendError(ex, ApiError.methodNotAllowed(method, path));
    return false;
  }

  // ---------------------------------------------------------------- auth

  /**
   * The caller's principal, or {@code null} after answering 401 (or 503 when the database is needed and
   * down). Keys: the master key, the configured keys, then database keys. Without a master key and
   * configured keys (loopback only) callers may be anonymous; a database key they present still counts.
   */
  private Authenticator.Principal authenticate(Exchange ex) throws IOException {
    String presented = presentedKey(ex.request.getHeaders());
    if (!auth.enabled() && presented == null) {
      return Authenticator.Principal.ANONYMOUS;
    }
    if (presented == null) {
      sendError(ex, ApiError.unauthorized("Missing API key: send it as 'Authorization: Bearer <key>' "
          + "(or in an 'api-key' or 'x-api-key' header)"));
      return null;
    }
    Authenticator.Principal p = auth.enabled() ? auth.authenticate(presented) : null;
    LlmuxDatabase db = database;
    if (p == null && db != null) {
      Optional<KeyPrincipal> found;
      try {
        found = db.authenticate(presented);
      } catch (RuntimeException e) {
        log.warn("request {}: key lookup failed: {}", ex.requestId, e.toString());
        sendError(ex, ApiError.unavailable("The key database is unavailable and this key is not cached",
            "database_unavailable"));
        return null;
      }
      if (found.isPresent()) {
        KeyPrincipal kp = found.get();
        String refusal = ManagementApi.refusal(kp, clock);
        if (refusal != null) {
          sendError(ex, ApiError.unauthorized(refusal));
          return null;
        }
        ApiKey k = kp.key();
        return new Authenticator.Principal(k.id(), kp.user() != null ? kp.user().id() : k.userId(), k.teamId(),
            kp.org() != null ? kp.org().id() : k.organizationId(), kp.allowedModels(), kp::allows, k.aliases(),
            tags(k.tags(), kp.team() != null ? kp.team().tags() : List.of()));
      }
    }
    if (p == null && !auth.enabled()) {
      return Authenticator.Principal.ANONYMOUS;   // loopback without keys: an unknown key is no key
    }
    if (p == null) {
      sendError(ex, ApiError.unauthorized("Incorrect API key provided"));
    }
    return p;
  }

  // ---------------------------------------------------------------- management API

  private void serveManagement(Exchange ex, ManagementApi admin, String method, String path) throws IOException {
    ex.route = admin.paths().contains(path) ? path : R_MANAGEMENT;
    byte[] body = NOTHING;
    if (!method.equals("GET") && !method.equals("HEAD")) {
      body = readBytes(ex);
      if (body == null) {
        return;
      }
    }
    Map<String, String> query = new HashMap<>();
    for (Fields.Field f : Request.extractQueryParameters(ex.request)) {
      query.putIfAbsent(f.getName(), f.getValue());
    }
    ManagementApi.Answer answer;
    try {
      answer = admin.handle(method, path, query, body, presentedKey(ex.request.getHeaders()));
    } catch (Failure f) {
      if (f.status() == 405) {
        ex.response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST, PATCH, DELETE");
      }
      sendError(ex, new ApiError(f.status(), f.type(), f.getMessage(), f.param(), f.code(), null));
      return;
    }
    sendJson(ex, answer.status(), answer.body());
  }

  /** The whole body (at most {@code max_request_body}), or {@code null} after answering 413. */
  private byte[] readBytes(Exchange ex) throws IOException {
    LimitedInputStream in = bodyStream(ex);
    if (in == null) {
      return null;
    }
    try (in) {
      return in.readAllBytes();
    } catch (BodyTooLargeException e) {
      sendTooLarge(ex);
      return null;
    } catch (IOException e) {
      throw new ClientGoneException(e);
    }
  }

  static String presentedKey(HttpFields headers) {
    String authorization = headers.get(HttpHeader.AUTHORIZATION);
    if (authorization != null) {
      String a = authorization.trim();
      if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String k = a.substring(7).trim();
        if (!k.isEmpty()) {
          return k;
        }
      }
    }
    String k = headers.get("api-key");
    if (k == null || k.isBlank()) {
      k = headers.get("x-api-key");
    }
    return k == null || k.isBlank() ? null : k.trim();
  }

  /** The key's tags, then its team's that the key does not have. */
  private static List<String> tags(List<String> key, List<String> team) {
    if (team.isEmpty()) {
      return key;
    }
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(key);
    all.addAll(team);
    return List.copyOf(all);
  }

  private RequestContext context(Exchange ex, Authenticator.Principal p, String endUser) {
    return RequestContext.builder()
        .requestId(ex.requestId)
        .keyId(p.keyId())
        .userId(p.user())
        .teamId(p.team())
        .orgId(p.org())
        .endUserId(endUser)
        .tags(p.tags()) // a database key's and its team's tags: in spend rows, and for tag routing when on
        .build();
  }

  // ---------------------------------------------------------------- endpoints

  /**
   * The checks every model call makes before routing: a model is named, the caller's key may use it,
   * and the router is up. Returns the router, or {@code null} after answering with the error.
   */
  private LlmRouter admitted(Exchange ex, Authenticator.Principal principal, String model) throws IOException {
    if (model == null || model.isBlank()) {
      sendError(ex, ApiError.badRequest("you must provide a model parameter", "model", null));
      return null;
    }
    if (!allowed(ex, principal, model)) {
      return null;
    }
    return routerOrAnswer(ex);
  }

  /** Runs a router call; its failure is answered as OpenAI error JSON and {@code null} returned. */
  private <T> T routed(Exchange ex, java.util.function.Supplier<T> call) throws IOException {
    try {
      return call.get();
    } catch (LlmException e) {
      sendError(ex, ApiError.of(e));
    } catch (IllegalStateException e) {
      sendError(ex, ApiError.unavailable("LLMux is shutting down: " + e.getMessage(), "shutting_down"));
    }
    return null;
  }

  /** Runs a router call and answers with its response as JSON, with the route headers. */
  private void sendRouted(Exchange ex, java.util.function.Supplier<? extends RouteResult<?>> call) throws IOException {
    RouteResult<?> r = routed(ex, call);
    if (r != null) {
      routeHeaders(ex.response, r, r.latency());
      sendJson(ex, 200, r.response());
    }
  }

  private LlmRouter routerOrAnswer(Exchange ex) throws IOException {
    LlmRouter router = routerHolder.router();
    if (router == null || routerHolder.notReadyReason() != null) {
      sendError(ex, ApiError.unavailable("LLMux is not ready: " + routerHolder.notReadyReason(), "not_ready"));
      return null;
    }
    return router;
  }

  private void chat(Exchange ex, Authenticator.Principal principal) throws IOException {
    ChatCompletionRequest body = readBody(ex, ChatCompletionRequest.class);
    if (body == null) {
      return;
    }
    ChatCompletionRequest req = aliased(principal, body.model()) ? body.withModel(principal.resolve(body.model())) : body;
    if (req.messages().isEmpty() && req.model() != null && !req.model().isBlank()) {
      sendError(ex, ApiError.badRequest("messages is required and must not be empty", "messages", null));
      return;
    }
    LlmRouter router = admitted(ex, principal, req.model());
    if (router == null) {
      return;
    }
    RequestContext ctx = context(ex, principal, req.user());
    if (req.isStream()) {
      stream(ex, router, req, ctx);
      return;
    }
    sendRouted(ex, () -> router.chat(req, ctx));
  }

  private void embeddings(Exchange ex, Authenticator.Principal principal) throws IOException {
    EmbeddingRequest body = readBody(ex, EmbeddingRequest.class);
    if (body == null) {
      return;
    }
    EmbeddingRequest req = aliased(principal, body.model()) ? body.withModel(principal.resolve(body.model())) : body;
    if (req.input() == null && req.model() != null && !req.model().isBlank()) {
      sendError(ex, ApiError.badRequest("input is required", "input", null));
      return;
    }
    LlmRouter router = admitted(ex, principal, req.model());
    if (router == null) {
      return;
    }
    sendRouted(ex, () -> router.embed(req, context(ex, principal, req.user())));
  }

  private void listModels(Exchange ex, Authenticator.Principal principal) throws IOException {
    LlmRouter router = routerOrAnswer(ex);
    if (router == null) {
      return;
    }
    List<Model> all = router.models().data();
    List<Model> mine = new ArrayList<>(all.size());
    for (Model m : all) {
      if (principal.allows(m.id())) {
        mine.add(m);
      }
    }
    sendJson(ex, 200, ModelList.of(mine));
  }

  private void getModel(Exchange ex, Authenticator.Principal principal, String id) throws IOException {
    LlmRouter router = routerOrAnswer(ex);
    if (router == null) {
      return;
    }
    if (principal.allows(id)) {
      for (Model m : router.models().data()) {
        if (m.id().equals(id)) {
          sendJson(ex, 200, m);
          return;
        }
      }
    }
    ApiError e = ApiError.notFound("The model '" + id + "' does not exist or you do not have access to it",
        "model_not_found");
    sendError(ex, new ApiError(e.status(), e.type(), e.message(), "model", e.code(), null));
  }

  /** Whether the key maps {@code model} to another one (its {@code aliases}). */
  private static boolean aliased(Authenticator.Principal principal, String model) {
    String resolved = principal.resolve(model);
    return resolved != null && !resolved.equals(model);
  }

  private boolean allowed(Exchange ex, Authenticator.Principal principal, String model) throws IOException {
    if (principal.allows(model)) {
      return true;
    }
    sendError(ex, new ApiError(403, "permission_error",
        "This API key is not allowed to use the model '" + model + "'", "model", "model_not_allowed", null));
    return false;
  }

  // ---------------------------------------------------------------- responses and legacy completions

  private void responses(Exchange ex, Authenticator.Principal principal) throws IOException {
    ResponsesRequest body = readBody(ex, ResponsesRequest.class);
    if (body == null) {
      return;
    }
    ResponsesRequest req = aliased(principal, body.model()) ? body.withModel(principal.resolve(body.model())) : body;
    LlmRouter router = admitted(ex, principal, req.model());
    if (router == null) {
      return;
    }
    RequestContext ctx = context(ex, principal, req.user());
    if (req.isStream()) {
      ResponseStream stream = routed(ex, () -> router.streamResponses(req, ctx));
      if (stream == null) {
        return;
      }
      relay(ex, stream, stream::close, stream::result, new ResponsesSse());
      return;
    }
    sendRouted(ex, () -> router.responses(req, ctx));
  }

  /** Legacy text completions; {@code "stream": true} is refused by the router (400). */
  private void completions(Exchange ex, Authenticator.Principal principal) throws IOException {
    CompletionRequest body = readBody(ex, CompletionRequest.class);
    if (body == null) {
      return;
    }
    CompletionRequest req = aliased(principal, body.model()) ? body.withModel(principal.resolve(body.model())) : body;
    LlmRouter router = admitted(ex, principal, req.model());
    if (router == null) {
      return;
    }
    sendRouted(ex, () -> router.completions(req, context(ex, principal, req.user())));
  }

  // ---------------------------------------------------------------- streaming

  /** How a relayed stream is framed: each event, an error after the stream started, the end. */
  private interface SseFormat<T> {
    void event(ResponseOutput out, T event) throws IOException;

    void error(ResponseOutput out, LlmException e) throws IOException;

    byte[] end();
  }

  /** Chat completions: {@code data: <chunk>} events, {@code data: <error JSON>}, {@code data: [DONE]}. */
  private final SseFormat<ChatCompletionChunk> chatSse = new SseFormat<>() {
    @Override
    public void event(ResponseOutput out, ChatCompletionChunk chunk) throws IOException {
      out.write(DATA);
      writeValue(out, chunk);
      out.write(EVENT_END);
    }

    @Override
    public void error(ResponseOutput out, LlmException e) throws IOException {
      out.write(DATA);
      ApiError.of(e).writeJson(out);
      out.write(EVENT_END);
    }

    @Override
    public byte[] end() {
      return DONE;
    }
  };

  /**
   * The Responses API: {@code event: <type>} then {@code data: <event JSON>} per event; a failure
   * after the start is OpenAI's error event ({@code event: error}, {@code data: {"type":"error",
   * "code","message","param","sequence_number"}}); no terminator. One per stream (it numbers the
   * error event after the last event sent).
   */
  private final class ResponsesSse implements SseFormat<ResponseStreamEvent> {
    private int nextSequence;

    @Override
    public void event(ResponseOutput out, ResponseStreamEvent e) throws IOException {
      String type = e.type();
      if (type != null && type.indexOf('\n') < 0 && type.indexOf('\r') < 0) {
        out.write(EVENT);
        out.write(type.getBytes(StandardCharsets.UTF_8));
        out.write(NEWLINE);
      }
      out.write(DATA);
      writeValue(out, e);
      out.write(EVENT_END);
      nextSequence = e.sequenceNumber() != null ? e.sequenceNumber() + 1 : nextSequence + 1;
    }

    @Override
    public void error(ResponseOutput out, LlmException e) throws IOException {
      out.write(EVENT);
      out.write("error".getBytes(StandardCharsets.US_ASCII));
      out.write(NEWLINE);
      out.write(DATA);
      ApiError.of(e).writeResponsesErrorEvent(out, nextSequence);
      out.write(EVENT_END);
    }

    @Override
    public byte[] end() {
      return NOTHING;
    }
  }

  private void stream(Exchange ex, LlmRouter router, ChatCompletionRequest req, RequestContext ctx)
      throws IOException {
    ChatStream stream = routed(ex, () -> router.stream(req, ctx));
    if (stream == null) {
      return;
    }
    relay(ex, stream, stream::close, stream::result, chatSse);
  }

  /**
   * Writes a started stream as Server-Sent Events: headers from its first result, then each event
   * as it arrives, then the format's end; an error after the start is one error event, then the end
   * of the response. The stream is closed once, by whichever side notices first.
   */
  private <T> void relay(Exchange ex, Iterator<T> stream, Runnable closeStream,
      java.util.function.Supplier<RouteResult<Void>> result, SseFormat<T> format) throws IOException {
    // Close once, from whichever side notices first: the end of the loop below, a failed write, or
    // Jetty reporting the request failed (connection closed or idle timeout).
    AtomicBoolean closed = new AtomicBoolean();
    AtomicBoolean failed = new AtomicBoolean();
    Runnable cancel = () -> {
      if (closed.compareAndSet(false, true)) {
        closeStream.run();
      }
    };
    ex.request.addFailureListener(failure -> {
      log.debug("request {} failed while streaming: {}", ex.requestId, failure.toString());
      failed.set(true);
      cancel.run();
    });
    try {
      RouteResult<Void> first = result.get();
      Response response = ex.response;
      response.setStatus(200);
      HttpFields.Mutable h = response.getHeaders();
      h.put(HttpHeader.CONTENT_TYPE, EVENT_STREAM);
      h.put(HttpHeader.CACHE_CONTROL, "no-cache");
      h.put("x-accel-buffering", "no");
      routeHeaders(response, first, first.timeToFirstToken());
      useWriteTimeout(ex);
      ResponseOutput out = new ResponseOutput(response, 1024);
      while (true) {
        T event;
        try {
          if (!stream.hasNext()) {
            if (failed.get()) {
              // Closed because Jetty failed the request: the stream was cut, not complete.
              throw new ClientGoneException(new IOException("the request failed while streaming"));
            }
            break;
          }
          event = stream.next();
        } catch (LlmException e) {
          if (failed.get()) {
            throw new ClientGoneException(new IOException("stream cancelled: client went away"));
          }
          // An error after the stream started: one error event, then the stream ends (no terminator).
          log.info("request {} stream failed after its first event: {}", ex.requestId, e.getMessage());
          format.error(out, e);
          out.close();
          return;
        }
        format.event(out, event);
        sendOrCancel(out, cancel);
      }
      out.write(format.end());
      out.close();
    } catch (IOException e) {
      metrics.streamDisconnected();
      log.debug("request {}: client went away during the stream: {}", ex.requestId, e.toString());
      throw new ClientGoneException(e);
    } finally {
      cancel.run();
      restoreReadTimeout(ex);
    }
  }

  private static void sendOrCancel(ResponseOutput out, Runnable cancel) throws IOException {
    try {
      out.send();
    } catch (IOException e) {
      cancel.run();
      throw e;
    }
  }

  // ---------------------------------------------------------------- I/O helpers

  /** Parses the body into {@code type}, or answers 400/413 and returns {@code null}. */
  private <T> T readBody(Exchange ex, Class<T> type) throws IOException {
    LimitedInputStream in = bodyStream(ex);
    if (in == null) {
      return null;
    }
    try (in) {
      return mapper.readValue(in, type);
    } catch (IOException e) {
      // Jackson may wrap the stream's own exception; the flag tells.
      if (in.exceeded) {
        sendTooLarge(ex);
        return null;
      }
      if (e instanceof JsonProcessingException j) {
        sendError(ex, ApiError.badRequest("We could not parse the JSON body of your request: "
            + j.getOriginalMessage(), null, "invalid_json"));
        return null;
      }
      throw new ClientGoneException(e);
    }
  }

  /**
   * The request body capped at {@code max_request_body}, or {@code null} after answering 413 for a
   * declared length over it.
   */
  private LimitedInputStream bodyStream(Exchange ex) throws IOException {
    if (ex.request.getLength() > config.maxRequestBody()) {
      sendTooLarge(ex);
      return null;
    }
    ex.bodyRead = true;
    return new LimitedInputStream(Request.asInputStream(ex.request), config.maxRequestBody());
  }

  /**
   * How much of an over-limit body is read and thrown away before answering 413. A server that
   * answers and closes while the client is still sending makes the kernel reset the connection,
   * and the client then sees "connection reset" instead of the 413; reading the rest first (up to
   * this much, within the read timeout) lets the answer arrive. Bigger bodies are answered at once.
   */
  static final long DRAIN_LIMIT = 1024 * 1024;

  /** 413, closing the connection, after reading what is left of the body up to {@link #DRAIN_LIMIT}. */
  private void sendTooLarge(Exchange ex) throws IOException {
    long declared = ex.request.getLength();
    if (declared < 0 || declared - config.maxRequestBody() <= DRAIN_LIMIT) {
      drain(ex);
    }
    ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
    sendError(ex, ApiError.tooLarge(config.maxRequestBody()));
  }

  private static void drain(Exchange ex) {
    try {
      InputStream in = Request.asInputStream(ex.request);
      byte[] buf = new byte[8192];
      long left = DRAIN_LIMIT;
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away or is too slow: the 413 is sent (or not) all the same
    }
  }

  private void writeValue(ResponseOutput out, Object value) throws IOException {
    try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      mapper.writeValue(g, value);
    }
  }

  private void sendJson(Exchange ex, int status, Object value) throws IOException {
    ex.response.setStatus(status);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    useWriteTimeout(ex);
    try (ResponseOutput out = new ResponseOutput(ex.response, 1024)) {
      writeValue(out, value);
    } finally {
      restoreReadTimeout(ex);
    }
  }

  private void sendBytes(Exchange ex, int status, String contentType, byte[] body) throws IOException {
    if (!ex.bodyRead && hasBody(ex.request)) {
      // Answered without reading the body (auth, method, path errors): Jetty may not be able to
      // skip what has not arrived yet and then closes the connection; say so, so that the client
      // does not reuse it.
      ex.response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    ex.response.setStatus(status);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    try (ResponseOutput out = new ResponseOutput(ex.response, body.length)) {
      out.write(body);
    }
  }

  private void sendError(Exchange ex, ApiError error) throws IOException {
    if (error.status() >= 500) {
      log.warn("request {} answered {} {}: {}", ex.requestId, error.status(), error.code(), error.message());
    } else {
      log.debug("request {} answered {} {}: {}", ex.requestId, error.status(), error.code(), error.message());
    }
    String retryAfter = error.retryAfterSeconds();
    if (retryAfter != null) {
      ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
    }
    sendBytes(ex, error.status(), JSON, error.toJsonBytes());
  }

  private static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  private void useWriteTimeout(Exchange ex) {
    EndPoint ep = ex.request.getConnectionMetaData().getConnection().getEndPoint();
    ep.setIdleTimeout(config.writeTimeout().toMillis());
  }

  private void restoreReadTimeout(Exchange ex) {
    EndPoint ep = ex.request.getConnectionMetaData().getConnection().getEndPoint();
    ep.setIdleTimeout(config.readTimeout().toMillis());
  }

  /**
   * The routing headers: LLMux's call id (the spend log's {@code request_id}), which deployment and
   * group served, attempts, cache hit, LLMux's own overhead.
   */
  static void routeHeaders(Response response, RouteResult<?> r, Duration total) {
    HttpFields.Mutable h = response.getHeaders();
    if (r.callId() != null) {
      h.put(H_CALL_ID, r.callId());
    }
    if (r.deploymentId() != null) {
      h.put(H_DEPLOYMENT, r.deploymentId());
    }
    if (r.modelGroup() != null) {
      h.put(H_MODEL_GROUP, r.modelGroup());
    }
    h.put(H_ATTEMPTS, Integer.toString(r.attempts().size()));
    h.put(H_CACHE_HIT, r.cacheHit() ? "true" : "false");
    if (total != null) {
      long upstream = 0;
      List<Attempt> attempts = r.attempts();
      if (!attempts.isEmpty() && attempts.get(attempts.size() - 1).latency() != null) {
        upstream = attempts.get(attempts.size() - 1).latency().toNanos();
      }
      h.put(H_OVERHEAD, millis(Math.max(0, total.toNanos() - upstream)));
    }
  }

  /** Nanoseconds as milliseconds with three decimals ("0.412"). */
  static String millis(long nanos) {
    long micros = nanos / 1000;
    long frac = micros % 1000;
    StringBuilder sb = new StringBuilder(12).append(micros / 1000).append('.');
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    return sb.append(frac).toString();
  }

  /** The caller's request id when it is a sane token (1-128 visible ASCII characters), else a new one. */
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

  /** Caps how many bytes may be read; past the cap, {@link BodyTooLargeException}. */
  static final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    boolean exceeded;

    LimitedInputStream(InputStream in, long max) {
      this.in = in;
      this.remaining = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && --remaining < 0) {
        exceeded = true;
        throw new BodyTooLargeException();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        remaining -= n;
        if (remaining < 0) {
          exceeded = true;
          throw new BodyTooLargeException();
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
