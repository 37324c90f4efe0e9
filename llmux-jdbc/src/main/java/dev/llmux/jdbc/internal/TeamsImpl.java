package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.TeamFilter;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.TeamSpec;
import dev.llmux.jdbc.Teams;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link Teams} over JDBC. Not public API. */
public final class TeamsImpl extends StoreBase implements Teams {

  public TeamsImpl(StoreContext ctx) {
    super(ctx);
  }

  @Override
  public Team create(String id, TeamSpec spec, List<TeamMember> members, Actor actor) {
    TeamSpec s = spec == null ? TeamSpec.EMPTY : spec;
    String teamId = id == null ? "team-" + Codec.randomBase62(16) : checkId(id, "team_id");
    checkLimits(s.limits());
    checkLength(s.alias(), MAX_ALIAS, "team_alias");
    return mutate(
        tx -> {
          if (exists(tx, "llmux_teams", "id", teamId)) {
            throw new ConflictException("team '" + teamId + "' already exists");
          }
          requireRef(tx, "llmux_organizations", s.organizationId(), "organization_id");
          checkAlias(tx, s.alias(), null);
          Instant now = now();
          Team t =
              new Team(
                  teamId,
                  s.alias(),
                  s.organizationId(),
                  s.models(),
                  s.limits(),
                  s.metadata(),
                  s.tags(),
                  Boolean.TRUE.equals(s.blocked()),
                  now,
                  now,
                  actor.id());
          tx.update(
              "INSERT INTO llmux_teams (id, alias, alias_key, organization_id, models, "
                  + LIMIT_COLS
                  + ", metadata, tags, blocked, created_at, updated_at, created_by) "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              args(
                  t.id(),
                  t.alias(),
                  lower(t.alias()),
                  t.organizationId(),
                  Codec.json(t.models()),
                  limitArgs(t.limits()),
                  Codec.json(t.metadata()),
                  Codec.json(t.tags()),
                  t.blocked(),
                  now,
                  now,
                  actor.id()));
          audit(tx, actor, "team.create", "team", teamId, null, t);
          if (members != null) {
            for (TeamMember m : members) {
              addMemberTx(tx, teamId, m.userId(), m.role(), m.maxBudgetInTeam(), actor);
            }
          }
          return t;
        });
  }

  private void checkAlias(Sql.Tx tx, String alias, String selfId) throws SQLException {
    if (alias == null) {
      return;
    }
    Optional<String> other =
        tx.queryOne(
            "SELECT id FROM llmux_teams WHERE alias_key = ?", rs -> rs.getString(1), lower(alias));
    if (other.isPresent() && !other.get().equals(selfId)) {
      throw new ConflictException("a team with alias '" + alias + "' already exists");
    }
  }

  @Override
  public Team update(String id, TeamSpec spec, Actor actor) {
    TeamSpec s = spec == null ? TeamSpec.EMPTY : spec;
    checkLimits(s.limits());
    checkLength(s.alias(), MAX_ALIAS, "team_alias");
    return mutate(
        tx -> {
          Team before = loadTeam(tx, require(id, "team_id"));
          requireRef(tx, "llmux_organizations", s.organizationId(), "organization_id");
          checkAlias(tx, s.alias(), id);
          Team after =
              new Team(
                  id,
                  KeysImpl.or(s.alias(), before.alias()),
                  KeysImpl.or(s.organizationId(), before.organizationId()),
                  KeysImpl.or(s.models(), before.models()),
                  before.limits().merge(s.limits()),
                  KeysImpl.or(s.metadata(), before.metadata()),
                  KeysImpl.or(s.tags(), before.tags()),
                  s.blocked() == null ? before.blocked() : s.blocked(),
                  before.createdAt(),
                  now(),
                  before.createdBy());
          write(tx, after);
          if (!Objects.equals(before.organizationId(), after.organizationId())) {
            // keys carry their team's organization
            tx.update(
                "UPDATE llmux_api_keys SET organization_id = ? WHERE team_id = ?",
                after.organizationId(),
                id);
          }
          audit(tx, actor, "team.update", "team", id, before, after);
          return after;
        });
  }

  private static void write(Sql.Tx tx, Team t) throws SQLException {
    tx.update(
        "UPDATE llmux_teams SET alias = ?, alias_key = ?, organization_id = ?, models = ?, "
            + LIMIT_SET
            + ", metadata = ?, tags = ?, blocked = ?, updated_at = ? WHERE id = ?",
        args(
            t.alias(),
            lower(t.alias()),
            t.organizationId(),
            Codec.json(t.models()),
            limitArgs(t.limits()),
            Codec.json(t.metadata()),
            Codec.json(t.tags()),
            t.blocked(),
            t.updatedAt(),
            t.id()));
  }

  @Override
  public List<String> delete(List<String> ids, Actor actor) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("team_ids are required");
    }
    return mutate(
        tx -> {
          List<Team> found = new ArrayList<>();
          for (String id : new LinkedHashSet<>(ids)) {
            Team t = loadTeam(tx, id);
            long keys = tx.count("SELECT COUNT(*) FROM llmux_api_keys WHERE team_id = ?", id);
            if (keys > 0) {
              throw new ConflictException(
                  "team '" + id + "' still owns " + keys + " key(s); delete them first");
            }
            found.add(t);
          }
          List<String> out = new ArrayList<>();
          for (Team t : found) {
            tx.update("DELETE FROM llmux_team_members WHERE team_id = ?", t.id());
            tx.update("DELETE FROM llmux_invitations WHERE team_id = ?", t.id());
            tx.update("DELETE FROM llmux_teams WHERE id = ?", t.id());
            audit(tx, actor, "team.delete", "team", t.id(), t, null);
            out.add(t.id());
          }
          return out;
        });
  }

  @Override
  public Optional<Team> info(String id) {
    return id == null
        ? Optional.empty()
        : sql.queryOne("SELECT * FROM llmux_teams WHERE id = ?", StoreBase::team, id);
  }

  @Override
  public Page<Team> list(TeamFilter f) {
    TeamFilter filter = f == null ? TeamFilter.all() : f;
    PageReq p = page(filter.page(), filter.size());
    Where w =
        new Where()
            .andIf(filter.organizationId(), "organization_id = ?")
            .andIf(
                filter.userId(), "id IN (SELECT team_id FROM llmux_team_members WHERE user_id = ?)")
            .search(filter.search(), "id", "alias");
    return pageOf("llmux_teams", w, "created_at, id", p, StoreBase::team);
  }

  @Override
  public Team block(String id, Actor actor) {
    return setBlocked(id, true, actor);
  }

  @Override
  public Team unblock(String id, Actor actor) {
    return setBlocked(id, false, actor);
  }

  private Team setBlocked(String id, boolean blocked, Actor actor) {
    return mutate(
        tx -> {
          Team before = loadTeam(tx, require(id, "team_id"));
          Instant now = now();
          tx.update(
              "UPDATE llmux_teams SET blocked = ?, updated_at = ? WHERE id = ?", blocked, now, id);
          Team after = loadTeam(tx, id);
          audit(tx, actor, blocked ? "team.block" : "team.unblock", "team", id, before, after);
          return after;
        });
  }

  @Override
  public List<TeamMember> members(String teamId) {
    return sql.tx(
        tx -> {
          loadTeam(tx, require(teamId, "team_id"));
          return tx.query(
              "SELECT * FROM llmux_team_members WHERE team_id = ? ORDER BY user_id",
              StoreBase::teamMember,
              teamId);
        });
  }

  @Override
  public TeamMember addMember(
      String teamId, String userId, TeamRole role, BigDecimal maxBudgetInTeam, Actor actor) {
    return mutate(tx -> addMemberTx(tx, teamId, userId, role, maxBudgetInTeam, actor));
  }

  /** Adds a member inside a transaction (also used by create and invitation accept). */
  TeamMember addMemberTx(
      Sql.Tx tx,
      String teamId,
      String userId,
      TeamRole role,
      BigDecimal maxBudgetInTeam,
      Actor actor)
      throws SQLException {
    return addMember(tx, this, teamId, userId, role, maxBudgetInTeam, actor);
  }

  static TeamMember addMember(
      Sql.Tx tx,
      StoreBase store,
      String teamId,
      String userId,
      TeamRole role,
      BigDecimal maxBudgetInTeam,
      Actor actor)
      throws SQLException {
    loadTeam(tx, require(teamId, "team_id"));
    if (!exists(tx, "llmux_users", "id", require(userId, "user_id"))) {
      throw new IllegalArgumentException("unknown user_id '" + userId + "'");
    }
    nonNegative(maxBudgetInTeam, "max_budget_in_team");
    if (tx.count(
            "SELECT COUNT(*) FROM llmux_team_members WHERE team_id = ? AND user_id = ?",
            teamId,
            userId)
        > 0) {
      throw new ConflictException(
          "user '" + userId + "' is already a member of team '" + teamId + "'");
    }
    TeamMember m =
        new TeamMember(teamId, userId, role == null ? TeamRole.USER : role, maxBudgetInTeam);
    tx.update(
        "INSERT INTO llmux_team_members (team_id, user_id, role, max_budget_in_team, created_at) "
            + "VALUES (?, ?, ?, ?, ?)",
        teamId,
        userId,
        m.role().key(),
        maxBudgetInTeam,
        store.now());
    store.audit(tx, actor, "team.member_add", "team", teamId, null, m);
    return m;
  }

  private static TeamMember loadMember(Sql.Tx tx, String teamId, String userId)
      throws SQLException {
    return tx.queryOne(
            "SELECT * FROM llmux_team_members WHERE team_id = ? AND user_id = ?",
            StoreBase::teamMember,
            teamId,
            userId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "user '" + userId + "' is not a member of team '" + teamId + "'"));
  }

  @Override
  public TeamMember updateMember(
      String teamId, String userId, TeamRole role, BigDecimal maxBudgetInTeam, Actor actor) {
    nonNegative(maxBudgetInTeam, "max_budget_in_team");
    return mutate(
        tx -> {
          loadTeam(tx, require(teamId, "team_id"));
          TeamMember before = loadMember(tx, teamId, require(userId, "user_id"));
          TeamMember after =
              new TeamMember(
                  teamId,
                  userId,
                  KeysImpl.or(role, before.role()),
                  KeysImpl.or(maxBudgetInTeam, before.maxBudgetInTeam()));
          tx.update(
              "UPDATE llmux_team_members SET role = ?, max_budget_in_team = ? WHERE team_id = ? AND user_id = ?",
              after.role().key(),
              after.maxBudgetInTeam(),
              teamId,
              userId);
          audit(tx, actor, "team.member_update", "team", teamId, before, after);
          return after;
        });
  }

  @Override
  public void removeMember(String teamId, String userId, Actor actor) {
    mutate(
        tx -> {
          loadTeam(tx, require(teamId, "team_id"));
          TeamMember before = loadMember(tx, teamId, require(userId, "user_id"));
          tx.update(
              "DELETE FROM llmux_team_members WHERE team_id = ? AND user_id = ?", teamId, userId);
          audit(tx, actor, "team.member_delete", "team", teamId, before, null);
          return null;
        });
  }
}
