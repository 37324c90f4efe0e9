package dev.llmux.facade;

import dev.llmux.facade.admin.ManagementApi;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which endpoint serves a path, in this order:
 *
 * <ol>
 *   <li>the open routes ({@code /health/live}, {@code /health/ready}, {@code /metrics}): on every
 *       port, no key;
 *   <li>the dashboard, {@code /ui} and everything below it: on every port; it has its own sign-in
 *       and sessions ({@link UiEndpoint});
 *   <li>the management API ({@code /key/*}, {@code /team/*} ...), with a database: on {@code
 *       server.admin_port} when it is set, else on the main port; it checks keys and methods
 *       itself;
 *   <li>on the admin port, nothing else: 404;
 *   <li>the OpenAI API, each path with and without {@code /v1}: the exact paths, then {@code
 *       /v1/models/{id}}; then the OpenAI areas LLMux does not serve (400 {@code
 *       unsupported_endpoint}, so callers learn why); anything else is 404. All of these need a key
 *       when keys are configured, checked before the method.
 * </ol>
 *
 * <p>A {@link Route} knows its metric name (a fixed name, never the raw path), the methods it
 * allows (else 405 with {@code Allow}), whether it needs a key, and its endpoint. Lookups are a
 * hash map get, and a few prefix checks for the rest; nothing is allocated for a served path.
 * Immutable.
 */
final class RouteTable {
  static final String R_NOT_SERVED = "not_served";
  static final String R_OTHER = "other";
  static final String R_MANAGEMENT = "management";
  static final String R_UI = "/ui";

  /**
   * OpenAI API areas LLMux does not serve: answered 400 rather than 404, so callers learn why.
   * {@code /responses} and {@code /completions} themselves are served; what lies below them ({@code
   * /responses/{id}}: stored responses) is not.
   */
  private static final Set<String> NOT_SERVED =
      Set.of(
          "audio",
          "images",
          "files",
          "batches",
          "fine_tuning",
          "fine-tunes",
          "moderations",
          "assistants",
          "threads",
          "vector_stores",
          "uploads",
          "realtime",
          "evals",
          "containers",
          "conversations",
          "responses",
          "completions",
          "edits",
          "engines",
          "organization",
          "chatkit",
          "videos");

  /** The methods a route allows; a 405 lists them in {@code Allow}. */
  enum Methods {
    GET("GET, HEAD"),
    POST("POST"),
    /** Any method: the route decides (the management API) or answers every method alike. */
    ANY(null);

    final String allow;

    Methods(String allow) {
      this.allow = allow;
    }

    boolean allows(String method) {
      switch (this) {
        case GET:
          return method.equals("GET") || method.equals("HEAD");
        case POST:
          return method.equals("POST");
        default:
          return true;
      }
    }
  }

  /**
   * One route.
   *
   * @param name the {@code route} tag of its metrics
   * @param keyed whether the caller must present a key (when keys are configured)
   */
  record Route(String name, Methods methods, boolean keyed, Endpoint endpoint) {}

  private static final Route NOT_SERVED_ROUTE =
      new Route(
          R_NOT_SERVED,
          Methods.ANY,
          true,
          (ex, p) -> {
            throw ApiErrorException.badRequest(
                "LLMux does not serve "
                    + ex.path
                    + ": this gateway serves /v1/chat/completions, /v1/responses, /v1/completions, /v1/embeddings"
                    + " and /v1/models only",
                null,
                "unsupported_endpoint");
          });

  private static final Route UNKNOWN =
      new Route(
          R_OTHER,
          Methods.ANY,
          true,
          (ex, p) -> {
            throw new ApiErrorException(
                ApiError.notFound("Unknown path " + ex.path, "unknown_url"));
          });

  private static final Route ADMIN_PORT_UNKNOWN =
      new Route(
          R_OTHER,
          Methods.ANY,
          false,
          (ex, p) -> {
            throw new ApiErrorException(
                ApiError.notFound(
                    "Unknown path "
                        + ex.path
                        + " (this is the admin port: it serves the management API and /health only)",
                    "unknown_url"));
          });

  private final Map<String, Route> open;
  private final Map<String, Route> api;
  private final Route model;

  /** Known management paths, or {@code null} without a management API. */
  private final Map<String, Route> management;

  private final Route managementOther;
  private final boolean adminPortSet;

  /** The dashboard, or {@code null} when it is off. */
  private final Route ui;

  private RouteTable(Builder b) {
    this.open = Map.copyOf(b.open);
    this.api = Map.copyOf(b.api);
    this.model = b.model;
    this.management = b.management == null ? null : Map.copyOf(b.management);
    this.managementOther = b.managementOther;
    this.adminPortSet = b.adminPortSet;
    this.ui = b.ui;
  }

  /**
   * @param adminPortSet whether {@code server.admin_port} is set (the management API is then served
   *     there only)
   */
  static Builder builder(boolean adminPortSet) {
    return new Builder(adminPortSet);
  }

  /**
   * The route of {@code path}, never {@code null} (unknown paths have a route that answers 404).
   *
   * @param onAdminPort whether the request came in on the admin port
   */
  Route find(String path, boolean onAdminPort) {
    Route r = open.get(path);
    if (r != null) {
      return r;
    }
    if (ui != null && path.startsWith(R_UI) && (path.length() == 3 || path.charAt(3) == '/')) {
      return ui;
    }
    if (management != null
        && (!adminPortSet || onAdminPort)
        && ManagementApi.isManagementPath(path)) {
      r = management.get(path);
      return r != null ? r : managementOther;
    }
    if (onAdminPort) {
      return ADMIN_PORT_UNKNOWN;
    }
    r = api.get(path);
    if (r != null) {
      return r;
    }
    int start = path.startsWith("/v1/") ? 3 : 0; // the API path starts at start
    if (model != null
        && path.startsWith("/models/", start)
        && path.length() > start + "/models/".length()) {
      return model;
    }
    return notServed(path, start) ? NOT_SERVED_ROUTE : UNKNOWN;
  }

  /** Whether the first segment of the API path at {@code start} is an area LLMux does not serve. */
  private static boolean notServed(String path, int start) {
    if (path.length() <= start || path.charAt(start) != '/') {
      return false;
    }
    int end = path.indexOf('/', start + 1);
    return NOT_SERVED.contains(
        end < 0 ? path.substring(start + 1) : path.substring(start + 1, end));
  }

  /** Collects the routes. */
  static final class Builder {
    private final boolean adminPortSet;
    private final Map<String, Route> open = new HashMap<>();
    private final Map<String, Route> api = new HashMap<>();
    private Route model;
    private Map<String, Route> management;
    private Route managementOther;
    private Route ui;

    private Builder(boolean adminPortSet) {
      this.adminPortSet = adminPortSet;
    }

    /** A route served on every port without a key; its metric name is its path. */
    Builder open(String path, Methods methods, Endpoint endpoint) {
      open.put(path, new Route(path, methods, false, endpoint));
      return this;
    }

    /**
     * An OpenAI API path, served under {@code /v1} and without it; its metric name is the {@code
     * /v1} path.
     */
    Builder api(String path, Methods methods, Endpoint endpoint) {
      Route r = new Route("/v1" + path, methods, true, endpoint);
      api.put(r.name(), r);
      api.put(path, r);
      return this;
    }

    /** {@code /v1/models/{id}} and {@code /models/{id}} (any non-empty rest of the path). */
    Builder model(Methods methods, Endpoint endpoint) {
      model = new Route("/v1/models/{id}", methods, true, endpoint);
      return this;
    }

    /**
     * The management API: each of its paths a route named by its path, any other path under its
     * roots one route named {@code management}.
     */
    Builder management(ManagementApi managementApi, Endpoint endpoint) {
      management = new HashMap<>();
      for (String path : managementApi.paths()) {
        management.put(path, new Route(path, Methods.ANY, false, endpoint));
      }
      managementOther = new Route(R_MANAGEMENT, Methods.ANY, false, endpoint);
      return this;
    }

    /** The dashboard: {@code /ui} and every path below it, on every port, no key. */
    Builder ui(Endpoint endpoint) {
      ui = new Route(R_UI, Methods.ANY, false, endpoint);
      return this;
    }

    RouteTable build() {
      return new RouteTable(this);
    }
  }
}
