package dev.llmux.jdbc;

import java.time.Duration;
import java.util.Optional;

/** Invitation tokens that join a user to a team and/or organization. */
public interface Invitations {
  /**
   * Creates an invitation. {@code role}: a {@link TeamRole} key when {@code teamId} is set (default
   * {@code user}), else an {@link OrgRole} key (default {@code internal_user}). {@code ttl} null =
   * never expires.
   */
  CreatedInvitation create(
      String teamId, String organizationId, String role, int maxUses, Duration ttl, Actor actor);

  /**
   * Joins the user (by id, else by email; created as internal_user when unknown) to the team/org
   * with the role. One transaction; uses are counted atomically. 404 unknown token, 409 used up,
   * 410 expired.
   */
  Invitation accept(String token, String userId, String email, Actor actor);

  Optional<Invitation> info(String id);

  Page<Invitation> list(int page, int size);

  void delete(String id, Actor actor);
}
