package dev.llmux.facade.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.jdbc.OrgFilter;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.OrgSpec;
import dev.llmux.jdbc.Organization;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.TeamFilter;
import dev.llmux.jdbc.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /organization/new|update|delete|info|list|members|member_add|member_update|member_delete}.
 */
final class OrgEndpoints {
  static final String[] SPEC_FIELDS = {
    "organization_id",
    "organization_alias",
    "models",
    "max_budget",
    "soft_budget",
    "budget_duration",
    "tpm_limit",
    "rpm_limit",
    "max_parallel_requests",
    "budget_id",
    "metadata",
    "blocked"
  };

  private final ManagementApi api;
  private final UserEndpoints users;

  OrgEndpoints(ManagementApi api) {
    this.api = api;
    this.users = new UserEndpoints(api);
  }

  void register(ManagementApi.Routes r) {
    r.post("/organization/new", this::create);
    r.post("/organization/update", "PATCH", this::update);
    r.post("/organization/delete", "DELETE", this::delete);
    r.get("/organization/info", this::info);
    r.get("/organization/list", this::list);
    r.get("/organization/members", this::members);
    r.post("/organization/member_add", this::memberAdd);
    r.post("/organization/member_update", "PATCH", this::memberUpdate);
    r.post("/organization/member_delete", "DELETE", this::memberDelete);
  }

  Organization find(String id) {
    return api.db
        .organizations()
        .info(id)
        .orElseThrow(() -> Failure.notFound("Organization '" + id + "' not found"));
  }

  private static OrgSpec spec(Req r) {
    return new OrgSpec(
        r.str("organization_alias"),
        r.strList("models"),
        KeyEndpoints.limits(r),
        r.str("budget_id"),
        r.object("metadata"),
        r.bool("blocked"));
  }

  static OrgRole orgRole(String s, String field) {
    if (s == null) {
      return OrgRole.INTERNAL_USER;
    }
    try {
      return OrgRole.fromKey(s);
    } catch (IllegalArgumentException e) {
      throw Failure.badRequest("'" + field + "': " + e.getMessage(), field);
    }
  }

  private Object create(Req r) {
    r.allow(SPEC_FIELDS);
    api.auth.proxyWrite(r.caller, "create organizations");
    if (r.str("organization_alias") == null) {
      throw Failure.badRequest("'organization_alias' is required", "organization_alias");
    }
    return Views.org(
        api.db.organizations().create(r.str("organization_id"), spec(r), r.caller.actor()));
  }

  private Object update(Req r) {
    r.allow(SPEC_FIELDS);
    Organization o = find(r.requiredStr("organization_id"));
    api.auth.proxyWrite(r.caller, "update organization '" + o.id() + "'");
    return Views.org(api.db.organizations().update(o.id(), spec(r), r.caller.actor()));
  }

  private Object delete(Req r) {
    r.allow("organization_ids");
    api.auth.proxyWrite(r.caller, "delete organizations");
    List<String> ids = ManagementApi.requireIds(r.strList("organization_ids"), "organization_ids");
    for (String id : ids) {
      find(id);
    }
    Map<String, Object> m = Views.obj();
    m.put("deleted_organizations", api.db.organizations().delete(ids, r.caller.actor()));
    return m;
  }

  private Object info(Req r) {
    r.allow("organization_id");
    Organization o = find(r.requiredStr("organization_id"));
    api.auth.orgRead(r.caller, o.id());
    Map<String, Object> m = Views.org(o);
    m.put("members", Views.map(api.db.organizations().members(o.id()), Views::orgMember));
    m.put(
        "teams",
        Views.map(
            api.db.teams().list(new TeamFilter(o.id(), null, null, 1, Req.MAX_SIZE)).items(),
            t -> Views.team(t, null)));
    m.put("spend", api.spendOfOrg(o.id()));
    return m;
  }

  private Object list(Req r) {
    r.allow("page", "size", "page_size", "search", "organization_alias");
    String search = r.has("search") ? r.str("search") : r.str("organization_alias");
    Caller c = r.caller;
    if (c.readsAll()) {
      Page<Organization> p = api.db.organizations().list(new OrgFilter(search, r.page(), r.size()));
      return Views.page("organizations", p, Views::org);
    }
    // others see the organizations they administer
    List<Organization> mine = new ArrayList<>();
    for (Map.Entry<String, OrgRole> e : c.orgs().entrySet()) {
      if (e.getValue() == OrgRole.ORG_ADMIN) {
        api.db.organizations().info(e.getKey()).ifPresent(mine::add);
      }
    }
    if (mine.isEmpty()) {
      throw Failure.forbidden(
          "Not allowed: only proxy admins, viewers and organization admins list organizations");
    }
    return Views.page(
        "organizations", new Page<>(mine, mine.size(), 1, Math.max(1, mine.size())), Views::org);
  }

  private Object members(Req r) {
    r.allow("organization_id");
    Organization o = find(r.requiredStr("organization_id"));
    api.auth.orgRead(r.caller, o.id());
    Map<String, Object> m = Views.obj();
    m.put("organization_id", o.id());
    m.put("members", Views.map(api.db.organizations().members(o.id()), Views::orgMember));
    return m;
  }

  private Object memberAdd(Req r) {
    r.allow("organization_id", "member");
    Organization o = find(r.requiredStr("organization_id"));
    api.auth.orgMembers(r.caller, o.id());
    List<JsonNode> list = UserEndpoints.members(r, "member");
    if (list.isEmpty()) {
      throw Failure.badRequest(
          "'member' is required: {role, user_id | user_email} or a list of them", "member");
    }
    List<Object> added = new ArrayList<>();
    for (JsonNode m : list) {
      User u = users.member(m, "member");
      OrgRole role = orgRole(UserEndpoints.role(m), "member.role");
      added.add(
          Views.orgMember(
              api.db.organizations().addMember(o.id(), u.id(), role, r.caller.actor())));
    }
    Map<String, Object> out = Views.obj();
    out.put("organization_id", o.id());
    out.put("updated_organization_memberships", added);
    return out;
  }

  private Object memberUpdate(Req r) {
    r.allow("organization_id", "user_id", "user_email", "role");
    Organization o = find(r.requiredStr("organization_id"));
    api.auth.orgMembers(r.caller, o.id());
    User u = users.byIdOrEmail(r);
    OrgMember m =
        api.db
            .organizations()
            .updateMember(o.id(), u.id(), orgRole(r.requiredStr("role"), "role"), r.caller.actor());
    return Views.orgMember(m);
  }

  private Object memberDelete(Req r) {
    r.allow("organization_id", "user_id", "user_email");
    Organization o = find(r.requiredStr("organization_id"));
    api.auth.orgMembers(r.caller, o.id());
    User u = users.byIdOrEmail(r);
    api.db.organizations().removeMember(o.id(), u.id(), r.caller.actor());
    Map<String, Object> out = Views.obj();
    out.put("organization_id", o.id());
    out.put("deleted_user_id", u.id());
    return out;
  }
}
