package dev.llmux.jdbc;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Teams and their members. */
public interface Teams {
  /** Creates a team ({@code id} null = generated) with its initial members (nullable). */
  Team create(String id, TeamSpec spec, List<TeamMember> members, Actor actor);

  Team update(String id, TeamSpec spec, Actor actor);

  /** Deletes teams with their memberships; 409 while a team still owns keys. */
  List<String> delete(List<String> ids, Actor actor);

  Optional<Team> info(String id);

  Page<Team> list(TeamFilter filter);

  /** Blocks the team: every key of the team is refused. */
  Team block(String id, Actor actor);

  Team unblock(String id, Actor actor);

  List<TeamMember> members(String teamId);

  /** Adds a member (the user must exist); 409 when already a member. */
  TeamMember addMember(
      String teamId, String userId, TeamRole role, BigDecimal maxBudgetInTeam, Actor actor);

  /** Changes a member's role and/or budget (null = unchanged); 404 when not a member. */
  TeamMember updateMember(
      String teamId, String userId, TeamRole role, BigDecimal maxBudgetInTeam, Actor actor);

  /** Removes a member; 404 when not a member. */
  void removeMember(String teamId, String userId, Actor actor);
}
