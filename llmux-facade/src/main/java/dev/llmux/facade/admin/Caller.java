package dev.llmux.facade.admin;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.UserRole;
import java.util.Map;

/**
 * Who calls the management API: the master key (a proxy admin), or a database key with its user's
 * role and memberships.
 *
 * @param actorId recorded in the audit log: {@code master}, the user id, or the key id for a key
 *     without user
 * @param keyId the key used, or {@code null} for the master key
 * @param userId the key's user, or {@code null}
 * @param role the user's role; {@link UserRole#PROXY_ADMIN} for the master key; {@code null} for a
 *     key without user (no management rights)
 * @param teams team id to the caller's role in it
 * @param orgs organization id to the caller's role in it
 */
record Caller(
    String actorId,
    String keyId,
    String userId,
    UserRole role,
    Map<String, TeamRole> teams,
    Map<String, OrgRole> orgs) {

  static final String MASTER = "master";

  static Caller master() {
    return new Caller(MASTER, null, null, UserRole.PROXY_ADMIN, Map.of(), Map.of());
  }

  Caller {
    teams = Map.copyOf(teams);
    orgs = Map.copyOf(orgs);
  }

  Actor actor() {
    return new Actor(actorId, keyId);
  }

  boolean isMaster() {
    return MASTER.equals(actorId) && keyId == null;
  }

  boolean proxyAdmin() {
    return role == UserRole.PROXY_ADMIN;
  }

  /** A proxy admin or a proxy admin viewer: may read everything. */
  boolean readsAll() {
    return role == UserRole.PROXY_ADMIN || role == UserRole.PROXY_ADMIN_VIEWER;
  }

  /** A viewer role: never writes. */
  boolean viewer() {
    return role == UserRole.PROXY_ADMIN_VIEWER || role == UserRole.INTERNAL_USER_VIEWER;
  }

  boolean teamAdmin(String teamId) {
    return teamId != null && teams.get(teamId) == TeamRole.ADMIN;
  }

  boolean orgAdmin(String orgId) {
    return orgId != null && orgs.get(orgId) == OrgRole.ORG_ADMIN;
  }

  boolean self(String user) {
    return userId != null && userId.equals(user);
  }
}
