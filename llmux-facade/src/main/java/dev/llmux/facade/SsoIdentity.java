package dev.llmux.facade;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.llmux.jdbc.UserRole;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who a verified token (a JWT bearer token, an OIDC ID token) says its holder is, read through a
 * {@link ClaimMapping}: the LLMux user id, role, teams and organizations.
 *
 * @param userId the user claim's value (at most 128 characters, not a reserved id)
 * @param role the role claim's highest recognised role, else the mapping's default role
 * @param teams team ids from the team claim, in its order; {@code null} when no team claim is
 *     configured (memberships are then left as administrators set them)
 * @param orgs organization ids from the organization claim; {@code null} when none is configured
 * @param name what the dashboard shows: {@code name}, {@code preferred_username} or {@code email}
 *     when the token has one, else the user id
 */
record SsoIdentity(
    String userId, UserRole role, List<String> teams, List<String> orgs, String name) {
  /** Longest user, team and organization id (the database's columns). */
  static final int MAX_ID = 128;

  /** At most this many teams or organizations are taken from one token. */
  static final int MAX_MEMBERSHIPS = 100;

  /** Ids LLMux uses for itself (audit actors): never a token's user. */
  static final Set<String> RESERVED = Set.of("master", "system", SsoUsers.ACTOR.id());

  /** Roles in the order they win when a role claim holds several. */
  private static final List<UserRole> PRECEDENCE =
      List.of(
          UserRole.PROXY_ADMIN,
          UserRole.PROXY_ADMIN_VIEWER,
          UserRole.INTERNAL_USER,
          UserRole.INTERNAL_USER_VIEWER);

  /**
   * The identity in {@code claims}.
   *
   * @param what how refusals name the token ({@code JWT}, {@code ID token})
   * @throws JwtVerifier.Refused when the user claim is missing, empty, too long or reserved
   */
  static SsoIdentity from(JWTClaimsSet claims, ClaimMapping m, String what)
      throws JwtVerifier.Refused {
    Object u = claim(claims, m.userClaim());
    String user = u instanceof String s ? s.trim() : u instanceof Number n ? n.toString() : null;
    if (user == null || user.isEmpty()) {
      throw new JwtVerifier.Refused(
          "user_claim",
          what + " refused: it has no user claim '" + m.userClaim() + "' (auth user_claim)");
    }
    if (user.length() > MAX_ID || !printable(user)) {
      throw new JwtVerifier.Refused(
          "user_claim",
          what
              + " refused: its user claim '"
              + m.userClaim()
              + "' is longer than "
              + MAX_ID
              + " characters or has control characters");
    }
    if (RESERVED.contains(user.toLowerCase(Locale.ROOT))) {
      throw new JwtVerifier.Refused(
          "user_claim",
          what + " refused: its user claim '" + m.userClaim() + "' is an id LLMux reserves");
    }
    UserRole role = null;
    Set<String> roles = new LinkedHashSet<>();
    for (String r : strings(claim(claims, m.roleClaim()))) {
      roles.add(r.trim().toLowerCase(Locale.ROOT));
    }
    for (UserRole r : PRECEDENCE) {
      if (roles.contains(r.key())) {
        role = r;
        break;
      }
    }
    List<String> teams = m.teamClaim() == null ? null : ids(claim(claims, m.teamClaim()));
    List<String> orgs = m.orgClaim() == null ? null : ids(claim(claims, m.orgClaim()));
    String name = user;
    for (String c : List.of("name", "preferred_username", "email")) {
      if (claims.getClaim(c) instanceof String s && !s.isBlank() && printable(s)) {
        name = s.length() > 200 ? s.substring(0, 200) : s;
        break;
      }
    }
    return new SsoIdentity(user, role == null ? m.defaultRole() : role, teams, orgs, name);
  }

  /**
   * A claim by name, or by a dotted path into nested objects ({@code realm_access.roles}) when no
   * claim has the whole name.
   */
  static Object claim(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    if (v != null || name.indexOf('.') < 0) {
      return v;
    }
    Object at = claims.getClaims();
    for (String part : name.split("\\.")) {
      if (!(at instanceof Map<?, ?> map)) {
        return null;
      }
      at = map.get(part);
    }
    return at;
  }

  /** A string, or the strings of a list; anything else: none. */
  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      out.add(s);
    } else if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Usable ids (trimmed, non-empty, at most 128 characters), without repeats, at most 100. */
  private static List<String> ids(Object v) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String s : strings(v)) {
      String id = s.trim();
      if (!id.isEmpty() && id.length() <= MAX_ID && printable(id)) {
        out.add(id);
        if (out.size() == MAX_MEMBERSHIPS) {
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
