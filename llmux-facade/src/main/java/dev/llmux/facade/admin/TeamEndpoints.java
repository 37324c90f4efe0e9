package dev.llmux.facade.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.KeyFilter;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.TeamFilter;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.TeamSpec;
import dev.llmux.jdbc.User;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /team/new|update|delete|info|list|block|unblock|member_add|member_update|member_delete}.
 */
final class TeamEndpoints {
  static final String[] SPEC_FIELDS = {
    "team_id",
    "team_alias",
    "organization_id",
    "models",
    "max_budget",
    "soft_budget",
    "budget_duration",
    "tpm_limit",
    "rpm_limit",
    "max_parallel_requests",
    "metadata",
    "tags",
    "blocked"
  };

  private final ManagementApi api;
  private final UserEndpoints users;

  TeamEndpoints(ManagementApi api) {
    this.api = api;
    this.users = new UserEndpoints(api);
  }

  void register(ManagementApi.Routes r) {
    r.post("/team/new", this::create);
    r.post("/team/update", this::update);
    r.post("/team/delete", this::delete);
    r.get("/team/info", this::info);
    r.get("/team/list", this::list);
    r.post("/team/block", q -> block(q, true));
    r.post("/team/unblock", q -> block(q, false));
    r.post("/team/member_add", this::memberAdd);
    r.post("/team/member_update", this::memberUpdate);
    r.post("/team/member_delete", this::memberDelete);
  }

  Team find(String id) {
    return api.db
        .teams()
        .info(id)
        .orElseThrow(() -> Failure.notFound("Team '" + id + "' not found"));
  }

  private static TeamSpec spec(Req r) {
    return new TeamSpec(
        r.str("team_alias"),
        r.str("organization_id"),
        r.strList("models"),
        KeyEndpoints.limits(r),
        r.object("metadata"),
        r.strList("tags"),
        r.bool("blocked"));
  }

  static TeamRole teamRole(String s, String field) {
    if (s == null) {
      return TeamRole.USER;
    }
    try {
      return TeamRole.fromKey(s);
    } catch (IllegalArgumentException e) {
      throw Failure.badRequest("'" + field + "': " + e.getMessage(), field);
    }
  }

  private Object create(Req r) {
    r.allow(KeyEndpoints.with(SPEC_FIELDS, "members_with_roles"));
    api.auth.teamCreate(r.caller, r.str("organization_id"));
    List<TeamMember> members = new ArrayList<>();
    for (JsonNode m : UserEndpoints.members(r, "members_with_roles")) {
      User u = users.member(m, "members_with_roles");
      members.add(
          new TeamMember(
              "", u.id(), teamRole(UserEndpoints.role(m), "members_with_roles.role"), null));
    }
    Team t = api.db.teams().create(r.str("team_id"), spec(r), members, r.caller.actor());
    return Views.team(t, api.db.teams().members(t.id()));
  }

  private Object update(Req r) {
    r.allow(SPEC_FIELDS);
    Team t = find(r.requiredStr("team_id"));
    Set<String> fields = new LinkedHashSet<>();
    for (String f : SPEC_FIELDS) {
      if (r.has(f)) {
        fields.add(f);
      }
    }
    api.auth.teamUpdate(r.caller, t, fields);
    String newOrg = r.str("organization_id");
    if (newOrg != null && !newOrg.equals(t.organizationId())) {
      api.auth.teamMove(r.caller, t, newOrg);
    }
    Team u = api.db.teams().update(t.id(), spec(r), r.caller.actor());
    return Views.team(u, api.db.teams().members(u.id()));
  }

  private Object delete(Req r) {
    r.allow("team_ids");
    List<String> ids = ManagementApi.requireIds(r.strList("team_ids"), "team_ids");
    for (String id : ids) {
      api.auth.teamAdminister(r.caller, find(id), "delete");
    }
    Map<String, Object> m = Views.obj();
    m.put("deleted_teams", api.db.teams().delete(ids, r.caller.actor()));
    return m;
  }

  private Object info(Req r) {
    r.allow("team_id");
    Team t = find(r.requiredStr("team_id"));
    api.auth.teamRead(r.caller, t);
    Map<String, Object> m = Views.obj();
    m.put("team_id", t.id());
    Map<String, Object> info = Views.team(t, api.db.teams().members(t.id()));
    info.put("spend", api.spendOfTeam(t.id()));
    m.put("team_info", info);
    m.put(
        "keys",
        Views.map(
            api.db.keys().list(new KeyFilter(null, t.id(), null, null, 1, Req.MAX_SIZE)).items(),
            Views::key));
    return m;
  }

  private Object list(Req r) {
    r.allow("page", "size", "page_size", "organization_id", "user_id", "team_alias", "search");
    Caller c = r.caller;
    String orgId = r.str("organization_id");
    String userId = r.str("user_id");
    if (!c.readsAll() && !(orgId != null && c.orgAdmin(orgId))) {
      // others list the teams they belong to
      if (c.userId() == null || (userId != null && !c.self(userId))) {
        throw Failure.forbidden(
            "Not allowed: only proxy admins and viewers list other users' teams");
      }
      userId = c.userId();
    }
    String search = r.has("search") ? r.str("search") : r.str("team_alias");
    Page<Team> p = api.db.teams().list(new TeamFilter(orgId, userId, search, r.page(), r.size()));
    return Views.page("teams", p, t -> Views.team(t, null));
  }

  private Object block(Req r, boolean block) {
    r.allow("team_id");
    Team t = find(r.requiredStr("team_id"));
    api.auth.teamAdminister(r.caller, t, block ? "block" : "unblock");
    Team u =
        block
            ? api.db.teams().block(t.id(), r.caller.actor())
            : api.db.teams().unblock(t.id(), r.caller.actor());
    return Views.team(u, null);
  }

  private Object memberAdd(Req r) {
    r.allow("team_id", "member", "max_budget_in_team");
    Team t = find(r.requiredStr("team_id"));
    api.auth.teamMembers(r.caller, t);
    List<JsonNode> ms = UserEndpoints.members(r, "member");
    if (ms.isEmpty()) {
      throw Failure.badRequest(
          "'member' is required: {role, user_id | user_email} or a list of them", "member");
    }
    List<Object> added = new ArrayList<>();
    for (JsonNode m : ms) {
      User u = users.member(m, "member");
      TeamRole role = teamRole(UserEndpoints.role(m), "member.role");
      added.add(
          Views.teamMember(
              api.db
                  .teams()
                  .addMember(
                      t.id(), u.id(), role, r.decimal("max_budget_in_team"), r.caller.actor())));
    }
    Map<String, Object> out = Views.team(t, api.db.teams().members(t.id()));
    out.put("updated_team_memberships", added);
    return out;
  }

  private Object memberUpdate(Req r) {
    r.allow("team_id", "user_id", "user_email", "role", "max_budget_in_team");
    Team t = find(r.requiredStr("team_id"));
    api.auth.teamMembers(r.caller, t);
    User u = users.byIdOrEmail(r);
    TeamRole role = r.str("role") == null ? null : teamRole(r.str("role"), "role");
    return Views.teamMember(
        api.db
            .teams()
            .updateMember(t.id(), u.id(), role, r.decimal("max_budget_in_team"), r.caller.actor()));
  }

  private Object memberDelete(Req r) {
    r.allow("team_id", "user_id", "user_email");
    Team t = find(r.requiredStr("team_id"));
    api.auth.teamMembers(r.caller, t);
    User u = users.byIdOrEmail(r);
    api.db.teams().removeMember(t.id(), u.id(), r.caller.actor());
    return Views.team(t, api.db.teams().members(t.id()));
  }
}
