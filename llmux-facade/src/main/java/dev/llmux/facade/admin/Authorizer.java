package dev.llmux.facade.admin;

import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.UserRole;
import java.util.Set;

/**
 * Who may do what in the management API: the one place that decides (the matrix is in
 * docs/management-api.md). Each method returns normally when the caller may act, else throws a 403
 * {@link Failure} that says why. Viewers ({@code proxy_admin_viewer}, {@code internal_user_viewer})
 * never pass a write check.
 */
final class Authorizer {
  /**
   * Team fields a team admin may change on its own team (not models, budgets, limits,
   * organization).
   */
  static final Set<String> TEAM_ADMIN_FIELDS = Set.of("team_id", "team_alias", "metadata", "tags");

  // ---------------------------------------------------------------- proxy-wide resources

  /** Reads of proxy-wide data: budgets, users lists, audit logs, global spend, deployments. */
  void proxyRead(Caller c, String what) {
    if (!c.readsAll()) {
      throw denied(c, "read " + what + " (proxy admins and proxy admin viewers only)");
    }
  }

  /** Changes to proxy-wide data: budgets, users, organizations, deployments, config reload. */
  void proxyWrite(Caller c, String what) {
    write(c);
    if (!c.proxyAdmin()) {
      throw denied(c, what + " (proxy admins only)");
    }
  }

  // ---------------------------------------------------------------- organizations

  void orgRead(Caller c, String orgId) {
    if (c.readsAll() || c.orgAdmin(orgId)) {
      return;
    }
    throw denied(c, "read organization '" + orgId + "'");
  }

  /** member_add, member_update, member_delete. */
  void orgMembers(Caller c, String orgId) {
    write(c);
    if (c.proxyAdmin() || c.orgAdmin(orgId)) {
      return;
    }
    throw denied(c, "change the members of organization '" + orgId + "'");
  }

  // ---------------------------------------------------------------- teams

  /** /team/new in {@code orgId} (null = no organization: proxy admins only). */
  void teamCreate(Caller c, String orgId) {
    write(c);
    if (c.proxyAdmin() || c.orgAdmin(orgId)) {
      return;
    }
    throw denied(
        c,
        "create a team"
            + (orgId == null
                ? " outside an organization you administer"
                : " in organization '" + orgId + "'"));
  }

  void teamRead(Caller c, Team t) {
    if (c.readsAll() || c.orgAdmin(t.organizationId()) || c.teamAdmin(t.id())) {
      return;
    }
    throw denied(c, "read team '" + t.id() + "'");
  }

  /** /team/update of {@code fields}: a team admin only the fields of {@link #TEAM_ADMIN_FIELDS}. */
  void teamUpdate(Caller c, Team t, Set<String> fields) {
    write(c);
    if (c.proxyAdmin() || c.orgAdmin(t.organizationId())) {
      return;
    }
    if (c.teamAdmin(t.id())) {
      for (String f : fields) {
        if (!TEAM_ADMIN_FIELDS.contains(f)) {
          throw denied(
              c,
              "change '"
                  + f
                  + "' of team '"
                  + t.id()
                  + "' (a team admin may change "
                  + String.join(", ", new java.util.TreeSet<>(TEAM_ADMIN_FIELDS))
                  + ")");
        }
      }
      return;
    }
    throw denied(c, "update team '" + t.id() + "'");
  }

  /** A team's organization moves to {@code newOrgId}: the caller must administer that one too. */
  void teamMove(Caller c, Team t, String newOrgId) {
    if (!c.proxyAdmin() && !c.orgAdmin(newOrgId)) {
      throw denied(c, "move team '" + t.id() + "' to organization '" + newOrgId + "'");
    }
  }

  void teamMembers(Caller c, Team t) {
    write(c);
    if (c.proxyAdmin() || c.orgAdmin(t.organizationId()) || c.teamAdmin(t.id())) {
      return;
    }
    throw denied(c, "change the members of team '" + t.id() + "'");
  }

  /** Delete, block, unblock: proxy admins only. */
  void teamAdminister(Caller c, Team t, String action) {
    write(c);
    if (!c.proxyAdmin()) {
      throw denied(c, action + " team '" + t.id() + "' (proxy admins only)");
    }
  }

  // ---------------------------------------------------------------- keys

  /** /key/generate for {@code userId} in {@code team} (either may be null). */
  void keyGenerate(Caller c, String userId, Team team) {
    write(c);
    if (c.proxyAdmin()) {
      return;
    }
    if (userId != null && !c.self(userId)) {
      // a key acts with its user's rights: minting one for someone else (a proxy admin who is in
      // the
      // team, say) would hand those rights to the minter
      throw denied(
          c, "generate a key for user '" + userId + "' (keys for other users: proxy admins only)");
    }
    if (team != null && (c.orgAdmin(team.organizationId()) || c.teamAdmin(team.id()))) {
      return;
    }
    if (c.role() == UserRole.INTERNAL_USER
        && c.self(userId)
        && (team == null || c.teams().containsKey(team.id()))) {
      return;
    }
    throw denied(
        c,
        "generate a key for "
            + (userId == null ? "no user" : "user '" + userId + "'")
            + (team == null ? "" : " in team '" + team.id() + "'"));
  }

  void keyRead(Caller c, ApiKey k) {
    if (c.readsAll() || manages(c, k) || c.self(k.userId())) {
      return;
    }
    throw denied(c, "read key '" + k.id() + "'");
  }

  /** update, delete, block, unblock, regenerate. */
  void keyWrite(Caller c, ApiKey k) {
    write(c);
    if (c.proxyAdmin()
        || manages(c, k)
        || (c.role() == UserRole.INTERNAL_USER && c.self(k.userId()))) {
      return;
    }
    throw denied(c, "change key '" + k.id() + "'");
  }

  /**
   * /key/regenerate hands the caller the new secret, so besides {@link #keyWrite}: a key of another
   * user only by proxy admins (a team admin must not obtain the secret of a team member's key and
   * act with that member's rights).
   */
  void keyRegenerate(Caller c, ApiKey k) {
    keyWrite(c, k);
    if (!c.proxyAdmin() && k.userId() != null && !c.self(k.userId())) {
      throw denied(
          c, "regenerate key '" + k.id() + "' of user '" + k.userId() + "' (proxy admins only)");
    }
  }

  private static boolean manages(Caller c, ApiKey k) {
    return c.teamAdmin(k.teamId()) || c.orgAdmin(k.organizationId());
  }

  // ---------------------------------------------------------------- users

  /** /user/info of {@code userId}, a member of {@code userOrgs} and {@code userTeams}. */
  void userRead(Caller c, String userId, Set<String> userOrgs) {
    if (c.readsAll() || c.self(userId)) {
      return;
    }
    for (String org : userOrgs) {
      if (c.orgAdmin(org)) {
        return;
      }
    }
    throw denied(c, "read user '" + userId + "'");
  }

  // ---------------------------------------------------------------- spend

  /**
   * Spend filtered by the given ids (null = not filtered). A caller who does not read everything
   * must narrow it to something of their own: their user, a team they administer, an organization
   * they administer, or a key they may read ({@code key} non-null when {@code keyId} was given).
   */
  void spendRead(Caller c, String userId, Team team, String orgId, ApiKey key) {
    if (c.readsAll()) {
      return;
    }
    if (key != null) {
      keyRead(c, key);
      return;
    }
    if (team != null) {
      if (c.teamAdmin(team.id()) || c.orgAdmin(team.organizationId())) {
        return;
      }
      throw denied(c, "read the spend of team '" + team.id() + "'");
    }
    if (orgId != null) {
      if (c.orgAdmin(orgId)) {
        return;
      }
      throw denied(c, "read the spend of organization '" + orgId + "'");
    }
    if (userId != null && c.self(userId)) {
      return;
    }
    throw denied(
        c,
        "read "
            + (userId == null
                ? "spend without a user_id, team_id, organization_id or key filter"
                : "the spend of user '" + userId + "'"));
  }

  // ---------------------------------------------------------------- invitations

  /** An invitation to {@code teamId} (in {@code teamOrgId}) or to {@code orgId}. */
  void invitationWrite(Caller c, String teamId, String teamOrgId, String orgId) {
    write(c);
    if (c.proxyAdmin() || invitationScope(c, teamId, teamOrgId, orgId)) {
      return;
    }
    throw denied(
        c,
        "manage invitations to "
            + (teamId != null ? "team '" + teamId + "'" : "organization '" + orgId + "'"));
  }

  void invitationRead(Caller c, String teamId, String teamOrgId, String orgId) {
    if (c.readsAll() || invitationScope(c, teamId, teamOrgId, orgId)) {
      return;
    }
    throw denied(
        c,
        "read invitations to "
            + (teamId != null ? "team '" + teamId + "'" : "organization '" + orgId + "'"));
  }

  private static boolean invitationScope(Caller c, String teamId, String teamOrgId, String orgId) {
    if (teamId != null) {
      return c.teamAdmin(teamId) || c.orgAdmin(teamOrgId);
    }
    return c.orgAdmin(orgId);
  }

  // ---------------------------------------------------------------- helpers

  private static void write(Caller c) {
    if (c.role() == null) {
      throw Failure.forbidden("This key has no user, so it has no management rights");
    }
    if (c.viewer()) {
      throw Failure.forbidden(
          "The role " + c.role().key() + " is read-only: it cannot change anything");
    }
  }

  private static Failure denied(Caller c, String what) {
    String who =
        c.isMaster()
            ? "the master key"
            : c.userId() == null
                ? "key '" + c.keyId() + "'"
                : "user '"
                    + c.userId()
                    + "' ("
                    + (c.role() == null ? "no role" : c.role().key())
                    + ")";
    return Failure.forbidden("Not allowed: " + who + " may not " + what);
  }
}
