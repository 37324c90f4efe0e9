package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.CreatedInvitation;
import dev.llmux.jdbc.GoneException;
import dev.llmux.jdbc.Invitation;
import dev.llmux.jdbc.Invitations;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.OrgRole;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.TeamRole;
import dev.llmux.jdbc.User;
import dev.llmux.jdbc.UserSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@link Invitations} over JDBC. Not public API. */
public final class InvitationsImpl extends StoreBase implements Invitations {
  /** Every invitation token starts with this. */
  static final String TOKEN_PREFIX = "llmux-inv-";

  public InvitationsImpl(StoreContext ctx) {
    super(ctx);
  }

  @Override
  public CreatedInvitation create(
      String teamId, String organizationId, String role, int maxUses, Duration ttl, Actor actor) {
    if (teamId == null && organizationId == null) {
      throw new IllegalArgumentException("an invitation needs team_id or organization_id");
    }
    if (maxUses < 1) {
      throw new IllegalArgumentException("max_uses must be >= 1, got " + maxUses);
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("expiry must be positive, got " + ttl);
    }
    // the role is the team role when a team is given, else the organization role
    String roleKey =
        teamId != null
            ? (role == null ? TeamRole.USER : TeamRole.fromKey(role)).key()
            : (role == null ? OrgRole.INTERNAL_USER : OrgRole.fromKey(role)).key();
    String token = TOKEN_PREFIX + Codec.randomBase62(32);
    String id = "inv-" + Codec.randomBase62(16);
    return mutate(
        tx -> {
          requireRef(tx, "llmux_teams", teamId, "team_id");
          requireRef(tx, "llmux_organizations", organizationId, "organization_id");
          Instant now = now();
          Invitation inv =
              new Invitation(
                  id,
                  teamId,
                  organizationId,
                  roleKey,
                  maxUses,
                  0,
                  ttl == null ? null : now.plus(ttl),
                  now,
                  actor.id());
          tx.update(
              "INSERT INTO llmux_invitations (id, token_hash, team_id, organization_id, role, max_uses, uses, "
                  + "expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              id,
              Codec.sha256Hex(token),
              teamId,
              organizationId,
              roleKey,
              maxUses,
              0,
              inv.expiresAt(),
              now,
              actor.id());
          audit(tx, actor, "invitation.create", "invitation", id, null, inv);
          return new CreatedInvitation(token, inv);
        });
  }

  @Override
  public Invitation accept(String token, String userId, String email, Actor actor) {
    require(token, "invitation token");
    if (userId == null && email == null) {
      throw new IllegalArgumentException(
          "user_id or user_email is required to accept an invitation");
    }
    return mutate(
        tx -> {
          String hash = Codec.sha256Hex(token);
          Invitation inv =
              tx.queryOne(
                      "SELECT * FROM llmux_invitations WHERE token_hash = ?",
                      StoreBase::invitation,
                      hash)
                  .orElseThrow(() -> new NotFoundException("invitation not found"));
          Instant now = now();
          if (inv.expiresAt() != null && !now.isBefore(inv.expiresAt())) {
            throw new GoneException("invitation '" + inv.id() + "' has expired");
          }
          // count the use first: "uses < max_uses" in the same statement, so concurrent accepts
          // never exceed it
          int counted =
              tx.update(
                  "UPDATE llmux_invitations SET uses = uses + 1 WHERE id = ? AND uses < max_uses",
                  inv.id());
          if (counted == 0) {
            throw new ConflictException(
                "invitation '" + inv.id() + "' has been used up (" + inv.maxUses() + " uses)");
          }
          User user = findOrCreate(tx, userId, email, actor);
          if (inv.teamId() != null) {
            TeamsImpl.addMember(
                tx, this, inv.teamId(), user.id(), TeamRole.fromKey(inv.role()), null, actor);
            if (inv.organizationId() != null
                && !OrganizationsImpl.isMember(tx, inv.organizationId(), user.id())) {
              OrganizationsImpl.addMember(
                  tx, this, inv.organizationId(), user.id(), OrgRole.INTERNAL_USER, actor);
            }
          } else {
            OrganizationsImpl.addMember(
                tx, this, inv.organizationId(), user.id(), OrgRole.fromKey(inv.role()), actor);
          }
          Invitation after =
              tx.queryOne(
                      "SELECT * FROM llmux_invitations WHERE id = ?",
                      StoreBase::invitation,
                      inv.id())
                  .orElseThrow();
          audit(tx, actor, "invitation.accept", "invitation", inv.id(), inv, after);
          return after;
        });
  }

  private User findOrCreate(Sql.Tx tx, String userId, String email, Actor actor)
      throws SQLException {
    Optional<User> u =
        userId != null
            ? tx.queryOne("SELECT * FROM llmux_users WHERE id = ?", StoreBase::user, userId)
            : tx.queryOne(
                "SELECT * FROM llmux_users WHERE email_key = ?", StoreBase::user, lower(email));
    if (u.isPresent()) {
      return u.get();
    }
    String id = userId != null ? checkId(userId, "user_id") : "user-" + Codec.randomBase62(16);
    return UsersImpl.insert(tx, this, id, new UserSpec(email, null, null, null, null, null), actor);
  }

  @Override
  public Optional<Invitation> info(String id) {
    return id == null
        ? Optional.empty()
        : sql.queryOne("SELECT * FROM llmux_invitations WHERE id = ?", StoreBase::invitation, id);
  }

  @Override
  public Page<Invitation> list(int page, int size) {
    return pageOf(
        "llmux_invitations",
        new Where(),
        "created_at, id",
        page(page, size),
        StoreBase::invitation);
  }

  @Override
  public void delete(String id, Actor actor) {
    mutate(
        tx -> {
          Invitation before =
              tx.queryOne(
                      "SELECT * FROM llmux_invitations WHERE id = ?",
                      StoreBase::invitation,
                      require(id, "invitation id"))
                  .orElseThrow(() -> new NotFoundException("invitation '" + id + "' not found"));
          tx.update("DELETE FROM llmux_invitations WHERE id = ?", id);
          audit(tx, actor, "invitation.delete", "invitation", id, before, null);
          return null;
        });
  }
}
