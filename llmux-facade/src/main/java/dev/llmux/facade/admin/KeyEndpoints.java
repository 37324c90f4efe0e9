package dev.llmux.facade.admin;

import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.GeneratedKey;
import dev.llmux.jdbc.KeyFilter;
import dev.llmux.jdbc.KeySpec;
import dev.llmux.jdbc.Limits;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /key/generate|update|delete|info|list|block|unblock|regenerate}. */
final class KeyEndpoints {
  /** The fields of a key spec, as LiteLLM names them. */
  static final String[] SPEC_FIELDS = {
    "key_alias",
    "user_id",
    "team_id",
    "models",
    "aliases",
    "max_budget",
    "soft_budget",
    "budget_duration",
    "tpm_limit",
    "rpm_limit",
    "max_parallel_requests",
    "metadata",
    "tags",
    "duration",
    "blocked"
  };

  private final ManagementApi api;

  KeyEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.post("/key/generate", this::generate);
    r.post("/key/update", this::update);
    r.post("/key/delete", this::delete);
    r.get("/key/info", this::info);
    r.get("/key/list", this::list);
    r.post("/key/block", q -> block(q, true));
    r.post("/key/unblock", q -> block(q, false));
    r.post("/key/regenerate", this::regenerate);
  }

  static String[] with(String[] base, String... more) {
    String[] out = new String[base.length + more.length];
    System.arraycopy(base, 0, out, 0, base.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  static Limits limits(Req r) {
    return new Limits(
        r.decimal("max_budget"),
        r.decimal("soft_budget"),
        r.budgetDuration("budget_duration"),
        r.lng("tpm_limit"),
        r.lng("rpm_limit"),
        r.integer("max_parallel_requests"));
  }

  private static KeySpec spec(Req r, String userId) {
    return new KeySpec(
        r.str("key_alias"),
        userId,
        r.str("team_id"),
        r.strList("models"),
        r.stringMap("aliases"),
        limits(r),
        r.object("metadata"),
        r.strList("tags"),
        r.duration("duration"),
        r.bool("blocked"));
  }

  private Team team(String teamId) {
    if (teamId == null) {
      return null;
    }
    return api.db
        .teams()
        .info(teamId)
        .orElseThrow(() -> Failure.notFound("Team '" + teamId + "' not found"));
  }

  ApiKey find(String idOrKey) {
    return api.db
        .keys()
        .info(idOrKey)
        .orElseThrow(() -> Failure.notFound("Key '" + shown(idOrKey) + "' not found"));
  }

  /** Never echo a presented secret whole. */
  static String shown(String idOrKey) {
    return idOrKey.startsWith("sk-") && idOrKey.length() > 12
        ? idOrKey.substring(0, 8) + "..."
        : idOrKey;
  }

  private static Map<String, Object> generated(GeneratedKey g) {
    Map<String, Object> m = Views.obj();
    m.put("key", g.key());
    m.putAll(Views.key(g.info()));
    return m;
  }

  private Object generate(Req r) {
    r.allow(SPEC_FIELDS);
    Caller c = r.caller;
    String userId = r.str("user_id");
    Team team = team(r.str("team_id"));
    if (userId == null
        && !c.proxyAdmin()
        && (team == null || (!c.teamAdmin(team.id()) && !c.orgAdmin(team.organizationId())))) {
      userId =
          c.userId(); // an internal user's own key (a team's admins may create keys without a user)
    }
    if (userId != null && api.db.users().info(userId).isEmpty()) {
      throw Failure.notFound("User '" + userId + "' not found");
    }
    api.auth.keyGenerate(c, userId, team);
    return generated(api.db.keys().generate(spec(r, userId), c.actor()));
  }

  private Object update(Req r) {
    r.allow(with(SPEC_FIELDS, "key"));
    ApiKey k = find(r.requiredStr("key"));
    api.auth.keyWrite(r.caller, k);
    String newTeam = r.str("team_id");
    String newUser = r.str("user_id");
    KeySpec changes = spec(r, newUser);
    if (newUser != null && !newUser.equals(k.userId()) && api.db.users().info(newUser).isEmpty()) {
      throw Failure.notFound("User '" + newUser + "' not found");
    }
    api.auth.keyChange(
        r.caller,
        k,
        changes,
        newTeam != null && !newTeam.equals(k.teamId()) ? team(newTeam) : null,
        api.clock.instant());
    return Views.key(api.db.keys().update(k.id(), changes, r.caller.actor()));
  }

  private Object delete(Req r) {
    r.allow("keys");
    List<String> ids = new ArrayList<>();
    for (String s : ManagementApi.requireIds(r.strList("keys"), "keys")) {
      ApiKey k = find(s);
      api.auth.keyWrite(r.caller, k);
      ids.add(k.id());
    }
    Map<String, Object> m = Views.obj();
    m.put("deleted_keys", api.db.keys().delete(ids, r.caller.actor()));
    return m;
  }

  private Object info(Req r) {
    r.allow("key");
    String idOrKey = r.str("key");
    if (idOrKey == null) {
      if (r.caller.keyId() == null) {
        throw Failure.badRequest(
            "'key' is required ("
                + (r.caller.isMaster() ? "the master key" : "a single sign-on caller")
                + " has no key info)",
            "key");
      }
      idOrKey = r.caller.keyId();
    }
    ApiKey k = find(idOrKey);
    api.auth.keyRead(r.caller, k);
    Map<String, Object> m = Views.obj();
    m.put("key", k.id());
    Map<String, Object> info = Views.key(k);
    info.put("spend", api.spendOfKey(k.id()));
    m.put("info", info);
    return m;
  }

  private Object list(Req r) {
    r.allow(
        "page",
        "size",
        "page_size",
        "user_id",
        "team_id",
        "organization_id",
        "key_alias",
        "return_full_object");
    Caller c = r.caller;
    String userId = r.str("user_id");
    String teamId = r.str("team_id");
    String orgId = r.str("organization_id");
    if (!c.readsAll()) {
      if (teamId != null) {
        Team t = team(teamId);
        if (!c.teamAdmin(teamId) && !c.orgAdmin(t.organizationId())) {
          userId = own(c, userId);
        }
      } else if (orgId != null) {
        if (!c.orgAdmin(orgId)) {
          userId = own(c, userId);
        }
      } else {
        userId = own(c, userId);
      }
    }
    Page<ApiKey> p =
        api.db
            .keys()
            .list(new KeyFilter(userId, teamId, orgId, r.str("key_alias"), r.page(), r.size()));
    boolean full = Boolean.TRUE.equals(r.bool("return_full_object"));
    Map<String, Object> m = Views.obj();
    m.put("keys", Views.map(p.items(), k -> full ? Views.key(k) : k.id()));
    m.put("total_count", p.total());
    m.put("current_page", p.page());
    m.put("page_size", p.size());
    m.put("total_pages", p.totalPages());
    return m;
  }

  /** A caller who may not list others' keys lists their own; asking for another user's is 403. */
  private static String own(Caller c, String userId) {
    if (c.userId() == null) {
      throw Failure.forbidden(
          "Not allowed: key '" + c.keyId() + "' has no user, so it may not list keys");
    }
    if (userId != null && !c.self(userId)) {
      throw Failure.forbidden(
          "Not allowed: user '" + c.userId() + "' may not list the keys of user '" + userId + "'");
    }
    return c.userId();
  }

  private Object block(Req r, boolean block) {
    r.allow("key");
    ApiKey k = find(r.requiredStr("key"));
    api.auth.keyWrite(r.caller, k);
    if (!block) {
      api.auth.keyUnblock(r.caller, k);
    }
    return Views.key(
        block
            ? api.db.keys().block(k.id(), r.caller.actor())
            : api.db.keys().unblock(k.id(), r.caller.actor()));
  }

  private Object regenerate(Req r) {
    r.allow(
        "key",
        "grace_period",
        "key_alias",
        "models",
        "max_budget",
        "soft_budget",
        "budget_duration",
        "tpm_limit",
        "rpm_limit",
        "max_parallel_requests",
        "metadata",
        "tags",
        "duration");
    ApiKey k = find(r.requiredStr("key"));
    api.auth.keyRegenerate(r.caller, k);
    Duration grace = r.duration("grace_period");
    KeySpec changes =
        new KeySpec(
            r.str("key_alias"),
            null,
            null,
            r.strList("models"),
            null,
            limits(r),
            r.object("metadata"),
            r.strList("tags"),
            r.duration("duration"),
            null);
    api.auth.keyChange(r.caller, k, changes, null, api.clock.instant());
    return generated(api.db.keys().regenerate(k.id(), grace, changes, r.caller.actor()));
  }
}
