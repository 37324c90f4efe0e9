package dev.llmux.facade.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.GeneratedKey;
import dev.llmux.jdbc.KeyFilter;
import dev.llmux.jdbc.KeySpec;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.User;
import dev.llmux.jdbc.UserFilter;
import dev.llmux.jdbc.UserRole;
import dev.llmux.jdbc.UserSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /user/new|update|delete|info|list}. */
final class UserEndpoints {
  private static final Set<String> MEMBER_FIELDS = Set.of("role", "user_id", "user_email");

  static final String[] SPEC_FIELDS = {
    "user_id",
    "user_email",
    "user_alias",
    "user_role",
    "models",
    "max_budget",
    "soft_budget",
    "budget_duration",
    "tpm_limit",
    "rpm_limit",
    "max_parallel_requests",
    "metadata"
  };

  private final ManagementApi api;

  UserEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.post("/user/new", this::create);
    r.post("/user/update", this::update);
    r.post("/user/delete", this::delete);
    r.get("/user/info", this::info);
    r.get("/user/list", this::list);
  }

  private static UserSpec spec(Req r) {
    String role = r.str("user_role");
    UserRole ur;
    try {
      ur = role == null ? null : UserRole.fromKey(role);
    } catch (IllegalArgumentException e) {
      throw Failure.badRequest("'user_role': " + e.getMessage(), "user_role");
    }
    return new UserSpec(
        r.str("user_email"),
        r.str("user_alias"),
        ur,
        r.strList("models"),
        KeyEndpoints.limits(r),
        r.object("metadata"));
  }

  User find(String id) {
    return api.db
        .users()
        .info(id)
        .orElseThrow(() -> Failure.notFound("User '" + id + "' not found"));
  }

  /** The user named by {@code user_id}, else by {@code user_email}; 400 when neither is given. */
  User byIdOrEmail(Req r) {
    String id = r.str("user_id");
    if (id != null) {
      return find(id);
    }
    String email = r.str("user_email");
    if (email == null) {
      throw Failure.badRequest("'user_id' or 'user_email' is required", "user_id");
    }
    return api.db
        .users()
        .byEmail(email)
        .orElseThrow(() -> Failure.notFound("No user with email '" + email + "'"));
  }

  /**
   * A member object {@code {role, user_id, user_email}} resolved to its user (404 when unknown).
   */
  User member(JsonNode m, String field) {
    if (!m.isObject()) {
      throw Failure.badRequest(
          "'" + field + "' must be an object {role, user_id, user_email} or a list of them", field);
    }
    for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!MEMBER_FIELDS.contains(f)) {
        throw Failure.badRequest(
            "Unknown field '" + field + "." + f + "' (known: role, user_id, user_email)", field);
      }
    }
    if (m.path("user_id").isTextual()) {
      return find(m.get("user_id").asText());
    }
    if (m.path("user_email").isTextual()) {
      String email = m.get("user_email").asText();
      return api.db
          .users()
          .byEmail(email)
          .orElseThrow(() -> Failure.notFound("No user with email '" + email + "'"));
    }
    throw Failure.badRequest("'" + field + "' needs a user_id or a user_email", field);
  }

  /** A member's {@code role}, or {@code null}. */
  static String role(JsonNode m) {
    return m.path("role").isTextual() ? m.get("role").asText() : null;
  }

  /** {@code field} as a list of member objects: one object or a list of them. */
  static List<JsonNode> members(Req r, String field) {
    JsonNode n = r.node(field);
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(out::add);
    } else if (n != null) {
      out.add(n);
    }
    return out;
  }

  private Object create(Req r) {
    r.allow(KeyEndpoints.with(SPEC_FIELDS, "teams", "auto_create_key"));
    api.auth.proxyWrite(r.caller, "create users");
    List<String> teams = r.strList("teams");
    if (teams != null) {
      for (String t : teams) {
        if (api.db.teams().info(t).isEmpty()) {
          throw Failure.notFound("Team '" + t + "' not found");
        }
      }
    }
    User u = api.db.users().create(r.str("user_id"), spec(r), r.caller.actor());
    if (teams != null) {
      for (String t : teams) {
        api.db.teams().addMember(t, u.id(), TeamRole.USER, null, r.caller.actor());
      }
    }
    Map<String, Object> m = Views.user(u);
    m.put("teams", teams == null ? List.of() : teams);
    if (Boolean.TRUE.equals(r.bool("auto_create_key"))) {
      GeneratedKey g =
          api.db
              .keys()
              .generate(
                  new KeySpec(null, u.id(), null, null, null, null, null, null, null, null),
                  r.caller.actor());
      m.put("key", g.key());
      m.put("token", g.info().id());
    }
    return m;
  }

  private Object update(Req r) {
    r.allow(SPEC_FIELDS);
    api.auth.proxyWrite(r.caller, "update users");
    User u = byIdOrEmail(r);
    return Views.user(api.db.users().update(u.id(), spec(r), r.caller.actor()));
  }

  private Object delete(Req r) {
    r.allow("user_ids");
    api.auth.proxyWrite(r.caller, "delete users");
    List<String> ids = ManagementApi.requireIds(r.strList("user_ids"), "user_ids");
    for (String id : ids) {
      find(id);
    }
    Map<String, Object> m = Views.obj();
    m.put("deleted_users", api.db.users().delete(ids, r.caller.actor()));
    return m;
  }

  private Object info(Req r) {
    r.allow("user_id");
    String id = r.str("user_id");
    if (id == null) {
      id = r.caller.userId();
      if (id == null) {
        throw Failure.badRequest("'user_id' is required", "user_id");
      }
    }
    User u = find(id);
    List<OrgMember> orgs = api.db.users().orgsOf(id);
    Set<String> orgIds = new HashSet<>();
    orgs.forEach(o -> orgIds.add(o.organizationId()));
    api.auth.userRead(r.caller, id, orgIds);
    List<TeamMember> teams = api.db.users().teamsOf(id);
    Map<String, Object> m = Views.obj();
    m.put("user_id", id);
    Map<String, Object> info = Views.user(u);
    info.put("spend", api.spendOfUser(id));
    m.put("user_info", info);
    m.put(
        "keys",
        Views.map(
            api.db.keys().list(new KeyFilter(id, null, null, null, 1, Req.MAX_SIZE)).items(),
            Views::key));
    m.put("teams", Views.map(teams, Views::teamMember));
    m.put("organizations", Views.map(orgs, Views::orgMember));
    return m;
  }

  private Object list(Req r) {
    r.allow("page", "size", "page_size", "role", "user_role", "search", "user_email");
    api.auth.proxyRead(r.caller, "the user list");
    String role = r.has("user_role") ? r.str("user_role") : r.str("role");
    UserRole ur;
    try {
      ur = role == null ? null : UserRole.fromKey(role);
    } catch (IllegalArgumentException e) {
      throw Failure.badRequest("'role': " + e.getMessage(), "role");
    }
    String search = r.has("search") ? r.str("search") : r.str("user_email");
    Page<User> p = api.db.users().list(new UserFilter(ur, search, r.page(), r.size()));
    return Views.page("users", p, Views::user);
  }
}
