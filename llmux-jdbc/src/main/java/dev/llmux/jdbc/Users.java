package dev.llmux.jdbc;

import java.util.List;
import java.util.Optional;

/** Users. */
public interface Users {
  /**
   * Creates a user ({@code id} null = generated {@code user-<random>}); 409 for a duplicate id or
   * email.
   */
  User create(String id, UserSpec spec, Actor actor);

  /** Changes a user; 404 when unknown. */
  User update(String id, UserSpec spec, Actor actor);

  /**
   * Deletes users with their memberships and their keys; 404 when one is unknown (then nothing is
   * deleted).
   */
  List<String> delete(List<String> ids, Actor actor);

  Optional<User> info(String id);

  /** The user with this email (case-insensitive). */
  Optional<User> byEmail(String email);

  Page<User> list(UserFilter filter);

  /** The user's team memberships. */
  List<TeamMember> teamsOf(String userId);

  /** The user's organization memberships. */
  List<OrgMember> orgsOf(String userId);
}
