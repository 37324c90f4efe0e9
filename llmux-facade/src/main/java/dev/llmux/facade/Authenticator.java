package dev.llmux.facade;

import dev.llmux.facade.admin.ManagementApi;
import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.KeyPrincipal;
import dev.llmux.jdbc.LlmuxDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the OpenAI endpoints authenticate: the key a caller presents ({@code Authorization:
 * Bearer}, {@code api-key} or {@code x-api-key}) is checked against the master key, the configured
 * keys, then the database's keys (with a {@code database} section). Configured keys are kept only
 * as SHA-256 digests and compared with {@link MessageDigest#isEqual} against every configured key
 * (no early exit), so the comparison time does not depend on how much of a key matched. Without a
 * master key and configured keys (loopback only) callers may be anonymous; a database key they
 * present still counts.
 */
final class Authenticator {
  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

  /**
   * Who a valid key belongs to. {@code models} empty means every model; {@code access}, when not
   * {@code null}, decides instead (a database key: key, team and organization allow lists).
   */
  record Principal(
      String keyId,
      String user,
      String team,
      String org,
      List<String> models,
      Predicate<String> access,
      Map<String, String> aliases,
      List<String> tags) {
    static final Principal ANONYMOUS = new Principal(null, null, null, null, List.of());

    Principal {
      aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }

    Principal(String keyId, String user, String team, String org, List<String> models) {
      this(keyId, user, team, org, models, null, null, null);
    }

    /**
     * The model this key's {@code aliases} map {@code requested} to (a database key's {@code
     * {"gpt-4o": "my-gpt-4o"}}), or {@code requested} itself. Access is checked on the result.
     */
    String resolve(String requested) {
      return requested == null ? null : aliases.getOrDefault(requested, requested);
    }

    /** Whether this key may use {@code model}. */
    boolean allows(String model) {
      if (access != null) {
        return access.test(model);
      }
      return KeyPrincipal.listAllows(models, model);
    }
  }

  private record Entry(byte[] digest, Principal principal) {}

  /** The key id given to the master key. */
  static final String MASTER_KEY_ID = "master";

  private final List<Entry> entries;

  /** The database whose keys are accepted too, when the config has a {@code database} section. */
  private volatile LlmuxDatabase database;

  private volatile Clock clock = Clock.systemUTC();

  /** Single sign-on principals (JWTs, dashboard SSO sessions), or {@code null}. */
  private volatile SsoAuth sso;

  Authenticator(ServerConfig config) {
    List<Entry> list = new ArrayList<>();
    if (config.masterKey() != null) {
      list.add(
          new Entry(
              sha256(config.masterKey()),
              new Principal(MASTER_KEY_ID, null, null, null, List.of())));
    }
    for (ServerConfig.Key k : config.keys()) {
      list.add(
          new Entry(
              sha256(k.key()),
              new Principal(
                  k.name(), k.user(), k.team(), k.org(), k.models(), null, null, k.tags())));
    }
    this.entries = List.copyOf(list);
  }

  /**
   * Accepts {@code db}'s keys too (after the master key and the configured keys); {@code clock} for
   * expiry.
   */
  void database(LlmuxDatabase db, Clock clock) {
    this.clock = clock;
    this.database = db;
  }

  /**
   * Accepts single sign-on principals too: JWT bearer tokens with {@code auth.jwt}, dashboard
   * sessions signed in with {@code auth.oidc}.
   */
  void sso(SsoAuth sso) {
    this.sso = sso;
  }

  /** Whether callers must present a key (or, with {@code auth.jwt}, a token). */
  boolean enabled() {
    SsoAuth s = sso;
    return !entries.isEmpty() || (s != null && s.jwtEnabled());
  }

  /**
   * The caller's principal.
   *
   * @throws ApiErrorException 401 (no key, an unknown, blocked or expired key), or 503 when the key
   *     must be looked up in a database that is down
   */
  Principal authenticate(Exchange ex) {
    String presented = presentedKey(ex.request.getHeaders());
    if (!enabled() && presented == null) {
      return Principal.ANONYMOUS;
    }
    SsoAuth s = sso;
    if (presented == null) {
      throw new ApiErrorException(
          ApiError.unauthorized(
              s != null && s.jwtEnabled()
                  ? "Missing API key or token: send it as 'Authorization: Bearer <key or JWT>'"
                  : "Missing API key: send it as 'Authorization: Bearer <key>' "
                      + "(or in an 'api-key' or 'x-api-key' header)"));
    }
    if (s != null) {
      SsoUsers.Member m = s.authenticate(presented);
      if (m != null) {
        return ssoPrincipal(m);
      }
    }
    Principal p = !entries.isEmpty() ? configuredKey(presented) : null;
    LlmuxDatabase db = database;
    if (p == null && db != null) {
      Optional<KeyPrincipal> found;
      try {
        found = db.authenticate(presented);
      } catch (RuntimeException e) {
        log.warn("request {}: key lookup failed: {}", ex.requestId, e.toString());
        throw new ApiErrorException(
            ApiError.unavailable(
                "The key database is unavailable and this key is not cached",
                "database_unavailable"));
      }
      if (found.isPresent()) {
        return databaseKey(found.get());
      }
    }
    if (p == null && !enabled()) {
      return Principal.ANONYMOUS; // loopback without keys: an unknown key is no key
    }
    if (p == null) {
      throw new ApiErrorException(ApiError.unauthorized("Incorrect API key provided"));
    }
    return p;
  }

  /**
   * The principal of a single sign-on user: no key id; the user, its team and organization (from
   * the token's claims); model access from the user's, team's and organization's lists; the team's
   * tags.
   */
  private static Principal ssoPrincipal(SsoUsers.Member m) {
    return new Principal(
        null,
        m.userId(),
        m.team() == null ? null : m.team().id(),
        m.org() == null ? null : m.org().id(),
        m.user().models(),
        m::allows,
        null,
        m.tags());
  }

  /** The principal of a database key, or 401 when it is blocked or expired. */
  private Principal databaseKey(KeyPrincipal kp) {
    String refusal = ManagementApi.refusal(kp, clock);
    if (refusal != null) {
      throw new ApiErrorException(ApiError.unauthorized(refusal));
    }
    ApiKey k = kp.key();
    return new Principal(
        k.id(),
        kp.user() != null ? kp.user().id() : k.userId(),
        k.teamId(),
        kp.org() != null ? kp.org().id() : k.organizationId(),
        kp.allowedModels(),
        kp::allows,
        k.aliases(),
        tags(k.tags(), kp.team() != null ? kp.team().tags() : List.of()));
  }

  /**
   * The principal of {@code presented} among the master key and configured keys, or {@code null}.
   */
  private Principal configuredKey(String presented) {
    if (presented == null || presented.isEmpty()) {
      return null;
    }
    byte[] digest = sha256(presented);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
        found = e.principal();
      }
    }
    return found;
  }

  /**
   * The key in {@code Authorization: Bearer}, else {@code api-key}, else {@code x-api-key}; or
   * {@code null}.
   */
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
    LinkedHashSet<String> all = new LinkedHashSet<>(key);
    all.addAll(team);
    return List.copyOf(all);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
