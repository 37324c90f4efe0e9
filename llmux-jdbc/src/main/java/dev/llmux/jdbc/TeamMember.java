package dev.llmux.jdbc;

import java.math.BigDecimal;

/**
 * A user's membership in a team.
 *
 * @param teamId the team
 * @param userId the user
 * @param role admin or user
 * @param maxBudgetInTeam the user's budget within the team (USD), or {@code null}
 */
public record TeamMember(String teamId, String userId, TeamRole role, BigDecimal maxBudgetInTeam) {}
