package dev.llmux.facade.admin;

import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.KeySpec;
import dev.llmux.jdbc.Limits;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.UserRole;
import java.time.Instant;
import java.util.List;
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

  /**
   * A change of {@code k} ({@code /key/update}, {@code /key/regenerate}, {@code /key/unblock}),
   * besides {@link #keyWrite}: the authorization rule of docs/security.md. A principal never grants
   * itself or a key it owns more than an admin above it granted, and only proxy admins change a
   * key's owner across users:
   *
   * <ul>
   *   <li>owner: a key with an owner changes owner only by a proxy admin; a key without one (a
   *       team's) may be taken by an admin of its team for themselves;
   *   <li>team: moved only by a proxy admin, or by an admin of its team (or organization) who does
   *       not own it and administers the new team too; an owner's personal key (no team) may join a
   *       team its owner belongs to;
   *   <li>limits: the owner of a key (unless a proxy admin) may only tighten what is set on it:
   *       never raise {@code max_budget}, {@code soft_budget}, {@code tpm_limit}, {@code
   *       rpm_limit}, {@code max_parallel_requests}, change {@code budget_duration} (a new period
   *       starts a new, empty budget), widen {@code models}, push its expiry later, or unblock it.
   * </ul>
   *
   * @param newTeam the team {@code changes} moves the key to, or {@code null} when it stays
   * @param now the clock's now (a {@code duration} counts from it)
   */
  void keyChange(Caller c, ApiKey k, KeySpec changes, Team newTeam, Instant now) {
    if (c.proxyAdmin()) {
      return;
    }
    String newUser = changes.userId();
    if (newUser != null && !newUser.equals(k.userId())) {
      if (k.userId() != null) {
        throw denied(
            c,
            "change the owner of key '"
                + k.id()
                + "' from user '"
                + k.userId()
                + "' (proxy admins only)");
      }
      if (!c.self(newUser) || !manages(c, k)) {
        throw denied(
            c,
            "give key '" + k.id() + "' to user '" + newUser + "' (only to yourself, as its admin)");
      }
    }
    if (newTeam != null && !newTeam.id().equals(k.teamId())) {
      boolean owner = c.self(k.userId());
      boolean fromOwnTeamless = owner && k.teamId() == null;
      if (!fromOwnTeamless && (owner || !manages(c, k))) {
        throw denied(
            c,
            "move key '"
                + k.id()
                + "' to team '"
                + newTeam.id()
                + "' (its team's admins only, and never their own keys)");
      }
      boolean joins =
          c.teamAdmin(newTeam.id())
              || c.orgAdmin(newTeam.organizationId())
              || (fromOwnTeamless
                  && c.role() == UserRole.INTERNAL_USER
                  && c.teams().containsKey(newTeam.id()));
      if (!joins) {
        throw denied(c, "move key '" + k.id() + "' to team '" + newTeam.id() + "'");
      }
    }
    if (!c.self(k.userId())) {
      return; // an admin above the owner (keyWrite checked that it manages the key)
    }
    String loosened = loosened(k, changes, now);
    if (loosened != null) {
      throw denied(
          c,
          loosened
              + " on key '"
              + k.id()
              + "', which it owns (an owner may only tighten its keys; ask an admin)");
    }
  }

  /** {@code /key/unblock}: an owner may not unblock its own key (an admin above blocked it). */
  void keyUnblock(Caller c, ApiKey k) {
    if (!c.proxyAdmin() && c.self(k.userId()) && k.blocked()) {
      throw denied(
          c,
          "unblock key '"
              + k.id()
              + "', which it owns (an owner may only tighten its keys; ask an admin)");
    }
  }

  /** What {@code changes} would loosen on {@code k}, or {@code null} when it only tightens. */
  static String loosened(ApiKey k, KeySpec changes, Instant now) {
    Limits old = k.limits();
    Limits neu = changes.limits();
    if (neu != null) {
      if (raised(old.maxBudget(), neu.maxBudget())) {
        return "raise max_budget";
      }
      if (raised(old.softBudget(), neu.softBudget())) {
        return "raise soft_budget";
      }
      if (neu.budgetDuration() != null && !neu.budgetDuration().equals(old.budgetDuration())) {
        return "change budget_duration";
      }
      if (raised(old.tpm(), neu.tpm())) {
        return "raise tpm_limit";
      }
      if (raised(old.rpm(), neu.rpm())) {
        return "raise rpm_limit";
      }
      if (raised(old.maxParallelRequests(), neu.maxParallelRequests())) {
        return "raise max_parallel_requests";
      }
    }
    if (changes.models() != null && widens(k.models(), changes.models())) {
      return "widen models";
    }
    if (Boolean.FALSE.equals(changes.blocked()) && k.blocked()) {
      return "unblock";
    }
    if (changes.duration() != null
        && k.expiresAt() != null
        && now.plus(changes.duration()).isAfter(k.expiresAt())) {
      return "extend the expiry";
    }
    return null;
  }

  /** Whether {@code neu} lifts the limit {@code old} ({@code null} = no limit; {@code neu} set). */
  private static <T extends Comparable<T>> boolean raised(T old, T neu) {
    return neu != null && old != null && neu.compareTo(old) > 0;
  }

  /**
   * Whether the allow list {@code neu} lets through a model {@code old} does not (empty = every
   * model; an entry ending in {@code *} allows every name starting with what precedes it).
   */
  static boolean widens(List<String> old, List<String> neu) {
    if (old.isEmpty()) {
      return false; // every model already
    }
    if (neu.isEmpty()) {
      return true;
    }
    for (String n : neu) {
      if (!coveredBy(n, old)) {
        return true;
      }
    }
    return false;
  }

  private static boolean coveredBy(String entry, List<String> list) {
    for (String o : list) {
      if (o.equals(entry)) {
        return true;
      }
      if (o.endsWith("*")) {
        String prefix = o.substring(0, o.length() - 1);
        String e = entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry;
        if (e.startsWith(prefix)) {
          return true;
        }
      }
    }
    return false;
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
