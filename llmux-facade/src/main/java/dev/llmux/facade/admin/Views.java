package dev.llmux.facade.admin;

import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.AuditEntry;
import dev.llmux.jdbc.BudgetDef;
import dev.llmux.jdbc.Invitation;
import dev.llmux.jdbc.Limits;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.Organization;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The JSON shapes of the stored objects, with LiteLLM's field names. */
final class Views {
  private Views() {}

  static Map<String, Object> obj() {
    return new LinkedHashMap<>();
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  static void limits(Map<String, Object> m, Limits l) {
    l = l == null ? Limits.NONE : l;
    m.put("max_budget", l.maxBudget());
    m.put("soft_budget", l.softBudget());
    m.put("budget_duration", l.budgetDuration());
    m.put("tpm_limit", l.tpm());
    m.put("rpm_limit", l.rpm());
    m.put("max_parallel_requests", l.maxParallelRequests());
  }

  /**
   * A key; {@code token} is its stable id (LiteLLM shows the hash there; LLMux never exposes the
   * hash).
   */
  static Map<String, Object> key(ApiKey k) {
    Map<String, Object> m = obj();
    m.put("token", k.id());
    m.put("key_name", k.keyName());
    m.put("key_alias", k.alias());
    m.put("user_id", k.userId());
    m.put("team_id", k.teamId());
    m.put("organization_id", k.organizationId());
    m.put("models", k.models());
    m.put("aliases", k.aliases());
    limits(m, k.limits());
    m.put("metadata", k.metadata());
    m.put("tags", k.tags());
    m.put("expires", time(k.expiresAt()));
    m.put("blocked", k.blocked());
    m.put("created_at", time(k.createdAt()));
    m.put("updated_at", time(k.updatedAt()));
    m.put("created_by", k.createdBy());
    m.put("previous_key_valid_until", time(k.previousKeyValidUntil()));
    return m;
  }

  static Map<String, Object> user(User u) {
    Map<String, Object> m = obj();
    m.put("user_id", u.id());
    m.put("user_email", u.email());
    m.put("user_alias", u.alias());
    m.put("user_role", u.role() == null ? null : u.role().key());
    m.put("models", u.models());
    limits(m, u.limits());
    m.put("metadata", u.metadata());
    m.put("created_at", time(u.createdAt()));
    m.put("updated_at", time(u.updatedAt()));
    m.put("created_by", u.createdBy());
    return m;
  }

  static Map<String, Object> team(Team t, List<TeamMember> members) {
    Map<String, Object> m = obj();
    m.put("team_id", t.id());
    m.put("team_alias", t.alias());
    m.put("organization_id", t.organizationId());
    m.put("models", t.models());
    limits(m, t.limits());
    m.put("metadata", t.metadata());
    m.put("tags", t.tags());
    m.put("blocked", t.blocked());
    if (members != null) {
      m.put("members_with_roles", map(members, Views::teamMember));
    }
    m.put("created_at", time(t.createdAt()));
    m.put("updated_at", time(t.updatedAt()));
    m.put("created_by", t.createdBy());
    return m;
  }

  static Map<String, Object> teamMember(TeamMember tm) {
    Map<String, Object> m = obj();
    m.put("team_id", tm.teamId());
    m.put("user_id", tm.userId());
    m.put("role", tm.role().key());
    m.put("max_budget_in_team", tm.maxBudgetInTeam());
    return m;
  }

  static Map<String, Object> org(Organization o) {
    Map<String, Object> m = obj();
    m.put("organization_id", o.id());
    m.put("organization_alias", o.alias());
    m.put("models", o.models());
    limits(m, o.limits());
    m.put("budget_id", o.budgetId());
    m.put("metadata", o.metadata());
    m.put("blocked", o.blocked());
    m.put("created_at", time(o.createdAt()));
    m.put("updated_at", time(o.updatedAt()));
    m.put("created_by", o.createdBy());
    return m;
  }

  static Map<String, Object> orgMember(OrgMember om) {
    Map<String, Object> m = obj();
    m.put("organization_id", om.organizationId());
    m.put("user_id", om.userId());
    m.put("user_role", om.role().key());
    return m;
  }

  static Map<String, Object> budget(BudgetDef b) {
    Map<String, Object> m = obj();
    m.put("budget_id", b.id());
    limits(m, b.limits());
    m.put("model_max_budget", b.modelMaxBudget());
    m.put("created_at", time(b.createdAt()));
    m.put("updated_at", time(b.updatedAt()));
    m.put("created_by", b.createdBy());
    return m;
  }

  static Map<String, Object> invitation(Invitation i) {
    Map<String, Object> m = obj();
    m.put("invitation_id", i.id());
    m.put("team_id", i.teamId());
    m.put("organization_id", i.organizationId());
    m.put("role", i.role());
    m.put("max_uses", i.maxUses());
    m.put("uses", i.uses());
    m.put("expires_at", time(i.expiresAt()));
    m.put("created_at", time(i.createdAt()));
    m.put("created_by", i.createdBy());
    return m;
  }

  /** LiteLLM's audit log row names. */
  static Map<String, Object> audit(AuditEntry a) {
    Map<String, Object> m = obj();
    m.put("id", a.id());
    m.put("updated_at", time(a.at()));
    m.put("changed_by", a.actor());
    m.put("action", a.action());
    m.put("table_name", a.objectType());
    m.put("object_id", a.objectId());
    m.put("before_value", a.before());
    m.put("updated_values", a.after());
    return m;
  }

  static <T> List<Object> map(List<T> items, Function<T, ?> f) {
    List<Object> out = new ArrayList<>(items.size());
    for (T t : items) {
      out.add(f.apply(t));
    }
    return out;
  }

  /**
   * A page in the shape of LiteLLM's paginated lists: {@code {<name>: [...], total, page,
   * page_size, total_pages}}.
   */
  static <T> Map<String, Object> page(String name, Page<T> p, Function<T, ?> f) {
    Map<String, Object> m = obj();
    m.put(name, map(p.items(), f));
    m.put("total", p.total());
    m.put("page", p.page());
    m.put("page_size", p.size());
    m.put("total_pages", p.totalPages());
    return m;
  }
}
