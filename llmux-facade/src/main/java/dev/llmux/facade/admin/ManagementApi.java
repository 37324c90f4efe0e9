package dev.llmux.facade.admin;

import dev.llmux.core.LlmRouter;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.DatabaseException;
import dev.llmux.jdbc.GoneException;
import dev.llmux.jdbc.KeyPrincipal;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.UserRole;
import dev.llmux.jdbc.spend.SpendGroupBy;
import dev.llmux.jdbc.spend.SpendTotal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API ({@code /key/*}, {@code /user/*}, {@code /team/*}, {@code /organization/*},
 * {@code /budget/*}, {@code /spend/*}, {@code /global/*}, {@code /audit/logs}, {@code
 * /invitation/*}, {@code /control/*}) over an {@link LlmuxDatabase}: LiteLLM's request and response
 * shapes, roles enforced by one {@link Authorizer}. Transport-free: the facade's handler passes
 * method, path, query, body and the presented key, and writes the {@link Answer} or the {@link
 * Failure} as JSON.
 *
 * <pre>{@code
 * ManagementApi api = ManagementApi.builder(db).masterKey("sk-master").router(() -> router).build();
 * Answer a = api.handle("POST", "/key/generate", Map.of(), body, presentedKey);
 * }</pre>
 */
public final class ManagementApi {
  private static final Logger log = LoggerFactory.getLogger(ManagementApi.class);

  /** A successful answer: the HTTP status and the JSON body (maps, lists, strings, numbers). */
  public record Answer(int status, Object body) {}

  /**
   * What {@code /control/config/reload} does: re-reads the configuration and applies what it can.
   */
  public interface ConfigReloader {
    /**
     * The reload's report (applied changes, what needs a restart); throws IllegalArgumentException
     * for a bad file.
     */
    Map<String, Object> reload();
  }

  /** The first path segments served here. */
  static final Set<String> ROOTS =
      Set.of(
          "key",
          "user",
          "team",
          "organization",
          "budget",
          "spend",
          "global",
          "audit",
          "invitation",
          "control");

  /**
   * Callers that present something other than an API key: single sign-on principals (a JWT bearer
   * token, a dashboard session signed in through an OpenID provider). Their rights are those of the
   * user they stand for, read from the database like a key's user.
   */
  @FunctionalInterface
  public interface BearerUsers {
    /**
     * The id of the (stored) user {@code presented} stands for, or {@code null} when it is not one
     * of these credentials (then it is checked as an API key).
     *
     * @throws Failure 401 for a credential that is refused, 503 when it cannot be checked now
     */
    String userOf(String presented);
  }

  interface Handler {
    Object handle(Req r);
  }

  private record Route(Set<String> methods, boolean open, Handler handler) {}

  /** The routing table the endpoint classes fill. */
  final class Routes {
    void get(String path, Handler h) {
      routes.put(path, new Route(Set.of("GET", "HEAD"), false, h));
    }

    void post(String path, Handler h) {
      routes.put(path, new Route(Set.of("POST"), false, h));
    }

    /** POST plus LiteLLM's own method for the path (PATCH or DELETE). */
    void post(String path, String alsoMethod, Handler h) {
      routes.put(path, new Route(Set.of("POST", alsoMethod), false, h));
    }

    /** GET (read) and POST (act) on one path; the handler looks at {@link Req#method}. */
    void getAndPost(String path, Handler h) {
      routes.put(path, new Route(Set.of("GET", "HEAD", "POST"), false, h));
    }

    /** A route that authenticates by its own means (an invitation token), not by an API key. */
    void open(String path, Handler h) {
      routes.put(path, new Route(Set.of("POST"), true, h));
    }
  }

  final LlmuxDatabase db;
  final Authorizer auth = new Authorizer();
  final Supplier<LlmRouter> router;
  final ConfigReloader reloader;
  final Clock clock;
  private final byte[] masterDigest;
  private final BearerUsers bearerUsers;
  private final Map<String, Route> routes = new HashMap<>();

  private ManagementApi(Builder b) {
    this.db = b.db;
    this.router = b.router;
    this.reloader = b.reloader;
    this.clock = b.clock;
    this.masterDigest = b.masterKey == null ? null : sha256(b.masterKey);
    this.bearerUsers = b.bearerUsers;
    Routes r = new Routes();
    new KeyEndpoints(this).register(r);
    new UserEndpoints(this).register(r);
    new TeamEndpoints(this).register(r);
    new OrgEndpoints(this).register(r);
    new BudgetEndpoints(this).register(r);
    new SpendEndpoints(this).register(r);
    new DashboardEndpoints(this).register(r);
    new AuditEndpoints(this).register(r);
    new InvitationEndpoints(this).register(r);
    new ControlEndpoints(this).register(r);
  }

  public static Builder builder(LlmuxDatabase db) {
    return new Builder(db);
  }

  /**
   * Whether {@code path} belongs to the management API (a known first segment, e.g. {@code
   * /key/...}).
   */
  public static boolean isManagementPath(String path) {
    if (path == null || path.length() < 2 || path.charAt(0) != '/') {
      return false;
    }
    int end = path.indexOf('/', 1);
    return end > 0 && ROOTS.contains(path.substring(1, end));
  }

  /** The served paths (for docs and tests). */
  public Set<String> paths() {
    return Set.copyOf(routes.keySet());
  }

  /**
   * Serves one call.
   *
   * @param query the query parameters (first value of each)
   * @param body the request body, possibly empty
   * @param presentedKey the API key from the request headers, or {@code null}
   * @throws Failure for every error (400, 401, 403, 404, 405, 409, 410, 503)
   */
  public Answer handle(
      String method, String path, Map<String, String> query, byte[] body, String presentedKey) {
    Route route = routes.get(path);
    if (route == null) {
      throw new Failure(404, "invalid_request_error", "Unknown path " + path, null, "unknown_url");
    }
    if (!route.methods().contains(method)) {
      throw new Failure(
          405,
          "invalid_request_error",
          "Method "
              + method
              + " is not allowed on "
              + path
              + " (use "
              + String.join(" or ", new java.util.TreeSet<>(route.methods()))
              + ")",
          null,
          "method_not_allowed");
    }
    try {
      Caller caller = route.open() ? null : identify(presentedKey);
      Req req =
          new Req(method, path, caller, query == null ? Map.of() : query, Req.parseBody(body));
      return new Answer(200, route.handler().handle(req));
    } catch (Failure f) {
      throw f;
    } catch (DatabaseException e) {
      // the driver's message may quote SQL: logged, not answered
      log.warn("{} {}: database failure: {}", method, path, e.toString());
      throw Failure.unavailable("The database is unavailable");
    } catch (NotFoundException e) {
      throw Failure.notFound(e.getMessage());
    } catch (ConflictException e) {
      throw Failure.conflict(e.getMessage());
    } catch (GoneException e) {
      throw Failure.gone(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Failure.badRequest(e.getMessage(), null);
    } catch (RuntimeException e) {
      if (unreachable(e)) {
        log.warn("{} {}: database unreachable: {}", method, path, e.toString());
        throw Failure.unavailable("The database is unavailable");
      }
      throw e;
    }
  }

  /**
   * Whether {@code t} comes from a database that cannot be reached (connection errors, SQL state
   * class 08, a pool timeout): 503. Other SQL errors are bugs or constraint failures the stores did
   * not map: 500.
   */
  static boolean unreachable(Throwable t) {
    for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The caller of {@code presentedKey}: the master key, or a database key with its user's role and
   * memberships.
   */
  Caller identify(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      throw Failure.unauthorized(
          "Missing API key: send it as 'Authorization: Bearer <key>'"
              + (masterDigest == null
                  ? " (no master key is configured: set LLMUX_MASTER_KEY or server.master_key to"
                      + " bootstrap the management API)"
                  : ""));
    }
    if (masterDigest != null && MessageDigest.isEqual(masterDigest, sha256(presentedKey))) {
      return Caller.master();
    }
    String ssoUser = bearerUsers == null ? null : bearerUsers.userOf(presentedKey);
    if (ssoUser != null) {
      UserRole role =
          db.users()
              .info(ssoUser)
              .orElseThrow(
                  () -> Failure.unauthorized("The user '" + ssoUser + "' no longer exists"))
              .role();
      return userCaller(ssoUser, null, role);
    }
    KeyPrincipal p =
        db.authenticate(presentedKey)
            .orElseThrow(() -> Failure.unauthorized("Incorrect API key provided"));
    String refusal = refusal(p, clock);
    if (refusal != null) {
      throw Failure.unauthorized(refusal);
    }
    if (p.user() == null) {
      return new Caller(p.key().id(), p.key().id(), null, null, Map.of(), Map.of());
    }
    return userCaller(p.user().id(), p.key().id(), p.user().role());
  }

  /**
   * A user's caller: the stored role and memberships.
   *
   * @param keyId the key used, or {@code null} for a single sign-on principal
   */
  private Caller userCaller(String userId, String keyId, UserRole role) {
    Map<String, TeamRole> teams = new LinkedHashMap<>();
    for (TeamMember m : db.users().teamsOf(userId)) {
      teams.put(m.teamId(), m.role());
    }
    Map<String, OrgRole> orgs = new LinkedHashMap<>();
    for (OrgMember m : db.users().orgsOf(userId)) {
      orgs.put(m.organizationId(), m.role());
    }
    return new Caller(userId, keyId, userId, role, teams, orgs);
  }

  /** Why a known key is refused (blocked, expired), or {@code null} when it may be used. */
  public static String refusal(KeyPrincipal p, Clock clock) {
    if (p.key().blocked()) {
      return "This API key is blocked";
    }
    if (p.team() != null && p.team().blocked()) {
      return "This API key is blocked: its team '" + p.team().id() + "' is blocked";
    }
    if (p.org() != null && p.org().blocked()) {
      return "This API key is blocked: its organization '" + p.org().id() + "' is blocked";
    }
    if (p.expired(clock.instant())) {
      return "This API key expired at " + p.key().expiresAt();
    }
    return null;
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Builder of {@link ManagementApi}. */
  public static final class Builder {
    private final LlmuxDatabase db;
    private String masterKey;
    private Supplier<LlmRouter> router = () -> null;
    private ConfigReloader reloader;
    private Clock clock = Clock.systemUTC();
    private BearerUsers bearerUsers;

    private Builder(LlmuxDatabase db) {
      this.db = Objects.requireNonNull(db, "db");
    }

    /** The master key (a proxy admin, actor {@code master}); {@code null} = none. */
    public Builder masterKey(String masterKey) {
      this.masterKey = masterKey == null || masterKey.isEmpty() ? null : masterKey;
      return this;
    }

    /** The router {@code /control/deployments} acts on (read per call: it may be swapped). */
    public Builder router(Supplier<LlmRouter> router) {
      this.router = Objects.requireNonNull(router, "router");
      return this;
    }

    /** What {@code /control/config/reload} runs; without one the endpoint answers 400. */
    public Builder configReloader(ConfigReloader reloader) {
      this.reloader = reloader;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Single sign-on callers (checked after the master key, before database keys); {@code null} =
     * API keys only.
     */
    public Builder bearerUsers(BearerUsers bearerUsers) {
      this.bearerUsers = bearerUsers;
      return this;
    }

    public ManagementApi build() {
      return new ManagementApi(this);
    }
  }

  /** Total spend of a key, user, team, organization (USD), or {@code null} when unknown. */
  Object spendOfKey(String keyId) {
    return spendOf(SpendGroupBy.KEY, keyId);
  }

  Object spendOfUser(String userId) {
    return spendOf(SpendGroupBy.USER, userId);
  }

  Object spendOfTeam(String teamId) {
    return spendOf(SpendGroupBy.TEAM, teamId);
  }

  Object spendOfOrg(String orgId) {
    return spendOf(SpendGroupBy.ORGANIZATION, orgId);
  }

  private Object spendOf(SpendGroupBy by, String id) {
    SpendTotal t = db.spend().total(by, id);
    return t == null || t.cost() == null ? java.math.BigDecimal.ZERO : t.cost();
  }

  /** The ids in {@code list}, checked non-empty (400 naming {@code field}). */
  static List<String> requireIds(List<String> list, String field) {
    if (list == null || list.isEmpty()) {
      throw Failure.badRequest("'" + field + "' is required: a non-empty list of ids", field);
    }
    return list;
  }
}
