package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.OrgFilter;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.OrgSpec;
import dev.llmux.jdbc.Organization;
import dev.llmux.jdbc.Organizations;
import dev.llmux.jdbc.Page;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@link Organizations} over JDBC. Not public API. */
public final class OrganizationsImpl extends StoreBase implements Organizations {

  public OrganizationsImpl(StoreContext ctx) {
    super(ctx);
  }

  @Override
  public Organization create(String id, OrgSpec spec, Actor actor) {
    OrgSpec s = spec == null ? OrgSpec.EMPTY : spec;
    String orgId = id == null ? "org-" + Codec.randomBase62(16) : checkId(id, "organization_id");
    checkLimits(s.limits());
    checkLength(s.alias(), MAX_ALIAS, "organization_alias");
    return mutate(
        tx -> {
          if (exists(tx, "llmux_organizations", "id", orgId)) {
            throw new ConflictException("organization '" + orgId + "' already exists");
          }
          requireRef(tx, "llmux_budgets", s.budgetId(), "budget_id");
          checkAlias(tx, s.alias(), null);
          Instant now = now();
          Organization o =
              new Organization(
                  orgId,
                  s.alias(),
                  s.models(),
                  s.limits(),
                  s.budgetId(),
                  s.metadata(),
                  Boolean.TRUE.equals(s.blocked()),
                  now,
                  now,
                  actor.id());
          tx.update(
              "INSERT INTO llmux_organizations (id, alias, alias_key, models, "
                  + LIMIT_COLS
                  + ", budget_id, metadata, blocked, created_at, updated_at, created_by) "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              args(
                  o.id(),
                  o.alias(),
                  lower(o.alias()),
                  Codec.json(o.models()),
                  limitArgs(o.limits()),
                  o.budgetId(),
                  Codec.json(o.metadata()),
                  o.blocked(),
                  now,
                  now,
                  actor.id()));
          audit(tx, actor, "organization.create", "organization", orgId, null, o);
          return o;
        });
  }

  private void checkAlias(Sql.Tx tx, String alias, String selfId) throws SQLException {
    if (alias == null) {
      return;
    }
    Optional<String> other =
        tx.queryOne(
            "SELECT id FROM llmux_organizations WHERE alias_key = ?",
            rs -> rs.getString(1),
            lower(alias));
    if (other.isPresent() && !other.get().equals(selfId)) {
      throw new ConflictException("an organization with alias '" + alias + "' already exists");
    }
  }

  @Override
  public Organization update(String id, OrgSpec spec, Actor actor) {
    OrgSpec s = spec == null ? OrgSpec.EMPTY : spec;
    checkLimits(s.limits());
    checkLength(s.alias(), MAX_ALIAS, "organization_alias");
    return mutate(
        tx -> {
          Organization before = loadOrg(tx, require(id, "organization_id"));
          requireRef(tx, "llmux_budgets", s.budgetId(), "budget_id");
          checkAlias(tx, s.alias(), id);
          Organization after =
              new Organization(
                  id,
                  KeysImpl.or(s.alias(), before.alias()),
                  KeysImpl.or(s.models(), before.models()),
                  before.limits().merge(s.limits()),
                  KeysImpl.or(s.budgetId(), before.budgetId()),
                  KeysImpl.or(s.metadata(), before.metadata()),
                  s.blocked() == null ? before.blocked() : s.blocked(),
                  before.createdAt(),
                  now(),
                  before.createdBy());
          tx.update(
              "UPDATE llmux_organizations SET alias = ?, alias_key = ?, models = ?, "
                  + LIMIT_SET
                  + ", budget_id = ?, metadata = ?, blocked = ?, updated_at = ? WHERE id = ?",
              args(
                  after.alias(),
                  lower(after.alias()),
                  Codec.json(after.models()),
                  limitArgs(after.limits()),
                  after.budgetId(),
                  Codec.json(after.metadata()),
                  after.blocked(),
                  after.updatedAt(),
                  id));
          audit(tx, actor, "organization.update", "organization", id, before, after);
          return after;
        });
  }

  @Override
  public List<String> delete(List<String> ids, Actor actor) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("organization_ids are required");
    }
    return mutate(
        tx -> {
          List<Organization> found = new ArrayList<>();
          for (String id : new LinkedHashSet<>(ids)) {
            Organization o = loadOrg(tx, id);
            long teams = tx.count("SELECT COUNT(*) FROM llmux_teams WHERE organization_id = ?", id);
            if (teams > 0) {
              throw new ConflictException(
                  "organization '" + id + "' still has " + teams + " team(s); delete them first");
            }
            found.add(o);
          }
          List<String> out = new ArrayList<>();
          for (Organization o : found) {
            tx.update("DELETE FROM llmux_org_members WHERE organization_id = ?", o.id());
            tx.update("DELETE FROM llmux_invitations WHERE organization_id = ?", o.id());
            tx.update("DELETE FROM llmux_organizations WHERE id = ?", o.id());
            audit(tx, actor, "organization.delete", "organization", o.id(), o, null);
            out.add(o.id());
          }
          return out;
        });
  }

  @Override
  public Optional<Organization> info(String id) {
    return id == null
        ? Optional.empty()
        : sql.queryOne("SELECT * FROM llmux_organizations WHERE id = ?", StoreBase::org, id);
  }

  @Override
  public Page<Organization> list(OrgFilter f) {
    OrgFilter filter = f == null ? OrgFilter.all() : f;
    PageReq p = page(filter.page(), filter.size());
    Where w = new Where().search(filter.search(), "id", "alias");
    return pageOf("llmux_organizations", w, "created_at, id", p, StoreBase::org);
  }

  @Override
  public List<OrgMember> members(String organizationId) {
    return sql.tx(
        tx -> {
          loadOrg(tx, require(organizationId, "organization_id"));
          return tx.query(
              "SELECT * FROM llmux_org_members WHERE organization_id = ? ORDER BY user_id",
              StoreBase::orgMember,
              organizationId);
        });
  }

  @Override
  public OrgMember addMember(String organizationId, String userId, OrgRole role, Actor actor) {
    return mutate(tx -> addMember(tx, this, organizationId, userId, role, actor));
  }

  static OrgMember addMember(
      Sql.Tx tx, StoreBase store, String orgId, String userId, OrgRole role, Actor actor)
      throws SQLException {
    loadOrg(tx, require(orgId, "organization_id"));
    if (!exists(tx, "llmux_users", "id", require(userId, "user_id"))) {
      throw new IllegalArgumentException("unknown user_id '" + userId + "'");
    }
    if (isMember(tx, orgId, userId)) {
      throw new ConflictException(
          "user '" + userId + "' is already a member of organization '" + orgId + "'");
    }
    OrgMember m = new OrgMember(orgId, userId, role == null ? OrgRole.INTERNAL_USER : role);
    tx.update(
        "INSERT INTO llmux_org_members (organization_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
        orgId,
        userId,
        m.role().key(),
        store.now());
    store.audit(tx, actor, "organization.member_add", "organization", orgId, null, m);
    return m;
  }

  static boolean isMember(Sql.Tx tx, String orgId, String userId) throws SQLException {
    return tx.count(
            "SELECT COUNT(*) FROM llmux_org_members WHERE organization_id = ? AND user_id = ?",
            orgId,
            userId)
        > 0;
  }

  private static OrgMember loadMember(Sql.Tx tx, String orgId, String userId) throws SQLException {
    return tx.queryOne(
            "SELECT * FROM llmux_org_members WHERE organization_id = ? AND user_id = ?",
            StoreBase::orgMember,
            orgId,
            userId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "user '" + userId + "' is not a member of organization '" + orgId + "'"));
  }

  @Override
  public OrgMember updateMember(String organizationId, String userId, OrgRole role, Actor actor) {
    return mutate(
        tx -> {
          loadOrg(tx, require(organizationId, "organization_id"));
          OrgMember before = loadMember(tx, organizationId, require(userId, "user_id"));
          OrgMember after = new OrgMember(organizationId, userId, KeysImpl.or(role, before.role()));
          tx.update(
              "UPDATE llmux_org_members SET role = ? WHERE organization_id = ? AND user_id = ?",
              after.role().key(),
              organizationId,
              userId);
          audit(
              tx,
              actor,
              "organization.member_update",
              "organization",
              organizationId,
              before,
              after);
          return after;
        });
  }

  @Override
  public void removeMember(String organizationId, String userId, Actor actor) {
    mutate(
        tx -> {
          loadOrg(tx, require(organizationId, "organization_id"));
          OrgMember before = loadMember(tx, organizationId, require(userId, "user_id"));
          tx.update(
              "DELETE FROM llmux_org_members WHERE organization_id = ? AND user_id = ?",
              organizationId,
              userId);
          audit(
              tx,
              actor,
              "organization.member_delete",
              "organization",
              organizationId,
              before,
              null);
          return null;
        });
  }
}
