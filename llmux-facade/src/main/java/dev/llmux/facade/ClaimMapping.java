package dev.llmux.facade;

import dev.llmux.jdbc.UserRole;
import java.util.Objects;

/**
 * Which claims of a verified token (a JWT bearer token, an OIDC ID token) make the LLMux user: its
 * id, its role, its teams and organizations. A claim name may be a dotted path into nested objects
 * ({@code realm_access.roles}, Keycloak's realm roles) when no top-level claim has that name.
 *
 * @param userClaim the user id ({@code sub} by default): whose spend, budgets and limits apply
 * @param roleClaim the role, a string or a list ({@code roles} by default); the first of {@code
 *     proxy_admin}, {@code proxy_admin_viewer}, {@code internal_user}, {@code internal_user_viewer}
 *     found in it (in that order) wins, other values are ignored
 * @param teamClaim team ids, a string or a list; {@code null} = team memberships are not taken from
 *     the token (they stay as administrators set them)
 * @param orgClaim organization ids, a string or a list; {@code null} = organization memberships are
 *     not taken from the token
 * @param defaultRole the role when the token has no recognised role ({@code internal_user_viewer}
 *     by default)
 */
public record ClaimMapping(
    String userClaim, String roleClaim, String teamClaim, String orgClaim, UserRole defaultRole) {
  public static final String DEFAULT_USER_CLAIM = "sub";
  public static final String DEFAULT_ROLE_CLAIM = "roles";
  public static final UserRole DEFAULT_ROLE = UserRole.INTERNAL_USER_VIEWER;

  public ClaimMapping {
    Objects.requireNonNull(userClaim, "userClaim");
    Objects.requireNonNull(roleClaim, "roleClaim");
    Objects.requireNonNull(defaultRole, "defaultRole");
  }

  /** {@code sub}, {@code roles}, no teams, no organizations, {@code internal_user_viewer}. */
  public static ClaimMapping defaults() {
    return new ClaimMapping(DEFAULT_USER_CLAIM, DEFAULT_ROLE_CLAIM, null, null, DEFAULT_ROLE);
  }
}
