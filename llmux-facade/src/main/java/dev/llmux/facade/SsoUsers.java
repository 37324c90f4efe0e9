package dev.llmux.facade;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.KeyPrincipal;
import dev.llmux.jdbc.LlmuxDatabase;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.Organization;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.User;
import dev.llmux.jdbc.UserRole;
import dev.llmux.jdbc.UserSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single sign-on principals as database users. The first time a token's user is seen it is created
 * with the token's role (audit actor {@code sso}); later tokens keep its role in step with the role
 * claim, and, when a team or organization claim is configured, its memberships with the claim
 * (joining the claimed teams and organizations that exist, leaving those no longer claimed; a team
 * admin or organization admin set by an administrator stays admin while the claim lists the team).
 * So budgets, limits, model access, spend rows and audit rows work as for a key of that user.
 *
 * <p>What a request needs (user, team, organization) is cached per user for {@code ttl} (the key
 * cache's time to live) and reloaded as soon as anything changes through this database ({@link
 * LlmuxDatabase#changes()}), so blocking a team or changing a user's models applies at once, as for
 * keys. A token whose claims match what was last synced costs no database access.
 */
final class SsoUsers {
  private static final Logger log = LoggerFactory.getLogger(SsoUsers.class);

  /** The audit actor of the changes single sign-on makes (user creation, role and team sync). */
  static final Actor ACTOR = new Actor("sso", null);

  /**
   * A user as a request sees it.
   *
   * @param user the stored user
   * @param team the request's team: the first team of the team claim the user is a member of, or
   *     {@code null}
   * @param org the team's organization, else the first claimed organization, or {@code null}
   */
  record Member(User user, Team team, Organization org) {
    String userId() {
      return user.id();
    }

    /** Why this user may not call now (its team or organization is blocked), or {@code null}. */
    String refusal() {
      if (team != null && team.blocked()) {
        return "Your team '" + team.id() + "' is blocked";
      }
      if (org != null && org.blocked()) {
        return "Your organization '" + org.id() + "' is blocked";
      }
      return null;
    }

    /** Whether the user may call {@code model}: the user's, team's and organization's lists. */
    boolean allows(String model) {
      return KeyPrincipal.listAllows(user.models(), model)
          && (team == null || KeyPrincipal.listAllows(team.models(), model))
          && (org == null || KeyPrincipal.listAllows(org.models(), model));
    }

    List<String> tags() {
      return team == null ? List.of() : team.tags();
    }
  }

  /**
   * A cached member: what was synced (or {@code null}) and the database generation it was read at.
   */
  private record Entry(SsoIdentity synced, long generation, Member member) {}

  private final LlmuxDatabase db;
  private final Cache<String, Entry> cache;

  SsoUsers(LlmuxDatabase db, Duration ttl) {
    this.db = db;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(ttl.isZero() ? Duration.ofNanos(1) : ttl)
            .build();
  }

  /**
   * The member for {@code id}, after creating the user or bringing its role and memberships in line
   * with {@code id} when they differ.
   *
   * @param issuer recorded in a new user's metadata
   */
  Member sync(SsoIdentity id, String issuer, String source) {
    Entry e = cache.getIfPresent(id.userId());
    if (e != null && e.generation() == db.changes() && id.equals(e.synced())) {
      return e.member();
    }
    write(id, issuer, source);
    long generation = db.changes();
    Member m = load(id.userId(), id.teams(), id.orgs());
    if (m == null) {
      throw new IllegalStateException("user '" + id.userId() + "' vanished while signing in");
    }
    cache.put(id.userId(), new Entry(id, generation, m));
    return m;
  }

  /**
   * The member {@code userId} without syncing anything (a dashboard session signed in earlier), or
   * {@code null} when the user no longer exists.
   */
  Member find(String userId, SsoIdentity atSignIn) {
    Entry e = cache.getIfPresent(userId);
    if (e != null && e.generation() == db.changes()) {
      return e.member();
    }
    long generation = db.changes();
    Member m = load(userId, atSignIn.teams(), atSignIn.orgs());
    if (m != null) {
      cache.put(userId, new Entry(e == null ? null : e.synced(), generation, m));
    }
    return m;
  }

  /** Creates the user or updates its role and memberships where they differ from {@code id}. */
  private void write(SsoIdentity id, String issuer, String source) {
    String uid = id.userId();
    Optional<User> existing = db.users().info(uid);
    if (existing.isEmpty()) {
      try {
        db.users()
            .create(
                uid,
                new UserSpec(
                    null,
                    id.name().equals(uid) ? null : id.name(),
                    id.role(),
                    null,
                    null,
                    Map.of("sso", Map.of("source", source, "issuer", issuer))),
                ACTOR);
        log.info("single sign-on: created user '{}' ({}) on first sight", uid, id.role().key());
      } catch (ConflictException race) {
        existing = db.users().info(uid); // created meanwhile by another request
      }
    }
    if (existing.isPresent() && existing.get().role() != id.role()) {
      db.users().update(uid, new UserSpec(null, null, id.role(), null, null, null), ACTOR);
      log.info(
          "single sign-on: user '{}' role {} -> {} (from the token)",
          uid,
          existing.get().role().key(),
          id.role().key());
    }
    if (id.teams() != null) {
      syncTeams(uid, id.teams());
    }
    if (id.orgs() != null) {
      syncOrgs(uid, id.orgs(), id.role());
    }
  }

  private void syncTeams(String uid, List<String> claimed) {
    Set<String> current = new HashSet<>();
    for (TeamMember m : db.users().teamsOf(uid)) {
      current.add(m.teamId());
    }
    Set<String> wanted = new LinkedHashSet<>(claimed);
    for (String t : wanted) {
      if (!current.contains(t) && db.teams().info(t).isPresent()) {
        try {
          db.teams().addMember(t, uid, TeamRole.USER, null, ACTOR);
        } catch (ConflictException | NotFoundException race) {
          // joined meanwhile, or the team was just deleted
        }
      }
    }
    for (String t : current) {
      if (!wanted.contains(t)) {
        try {
          db.teams().removeMember(t, uid, ACTOR);
        } catch (NotFoundException race) {
          // left meanwhile
        }
      }
    }
  }

  private void syncOrgs(String uid, List<String> claimed, UserRole role) {
    Set<String> current = new HashSet<>();
    for (OrgMember m : db.users().orgsOf(uid)) {
      current.add(m.organizationId());
    }
    Set<String> wanted = new LinkedHashSet<>(claimed);
    OrgRole orgRole =
        role == UserRole.INTERNAL_USER_VIEWER || role == UserRole.PROXY_ADMIN_VIEWER
            ? OrgRole.INTERNAL_USER_VIEWER
            : OrgRole.INTERNAL_USER;
    for (String o : wanted) {
      if (!current.contains(o) && db.organizations().info(o).isPresent()) {
        try {
          db.organizations().addMember(o, uid, orgRole, ACTOR);
        } catch (ConflictException | NotFoundException race) {
          // joined meanwhile, or the organization was just deleted
        }
      }
    }
    for (String o : current) {
      if (!wanted.contains(o)) {
        try {
          db.organizations().removeMember(o, uid, ACTOR);
        } catch (NotFoundException race) {
          // left meanwhile
        }
      }
    }
  }

  /** The member from the database, or {@code null} when the user does not exist. */
  private Member load(String uid, List<String> claimedTeams, List<String> claimedOrgs) {
    Optional<User> u = db.users().info(uid);
    if (u.isEmpty()) {
      return null;
    }
    Team team = null;
    if (claimedTeams != null && !claimedTeams.isEmpty()) {
      Set<String> memberOf = new HashSet<>();
      for (TeamMember m : db.users().teamsOf(uid)) {
        memberOf.add(m.teamId());
      }
      for (String t : claimedTeams) {
        if (memberOf.contains(t)) {
          team = db.teams().info(t).orElse(null);
          if (team != null) {
            break;
          }
        }
      }
    }
    Organization org = null;
    if (team != null && team.organizationId() != null) {
      org = db.organizations().info(team.organizationId()).orElse(null);
    } else if (claimedOrgs != null && !claimedOrgs.isEmpty()) {
      Set<String> memberOf = new HashSet<>();
      for (OrgMember m : db.users().orgsOf(uid)) {
        memberOf.add(m.organizationId());
      }
      for (String o : claimedOrgs) {
        if (memberOf.contains(o)) {
          org = db.organizations().info(o).orElse(null);
          if (org != null) {
            break;
          }
        }
      }
    }
    return new Member(u.get(), team, org);
  }
}
