package dev.llmux.jdbc;

import java.time.Instant;
import java.util.List;

/**
 * Who a presented key belongs to, with the state needed to refuse it: the caller checks {@link
 * #blocked()} and {@link #expired(Instant)} and answers 401 with the right message.
 *
 * @param key the key
 * @param user the key's user, or {@code null}
 * @param team the key's team, or {@code null}
 * @param org the team's organization, or {@code null}
 * @param allowedModels the intersection of the non-empty allow lists of key, user, team and
 *     organization (entries of one list that every other non-empty list allows); empty = every
 *     model; {@code [""]} (matches no model) when the lists have nothing in common. For display:
 *     decide with {@link #allows(String)}
 */
public record KeyPrincipal(
    ApiKey key, User user, Team team, Organization org, List<String> allowedModels) {
  public KeyPrincipal {
    allowedModels = Copies.list(allowedModels);
  }

  /**
   * Whether the key may call {@code modelGroup}: every non-empty allow list of key, user, team and
   * organization must allow it (exact name, or an entry ending in {@code *} matching the prefix).
   */
  public boolean allows(String modelGroup) {
    return listAllows(key.models(), modelGroup)
        && (user == null || listAllows(user.models(), modelGroup))
        && (team == null || listAllows(team.models(), modelGroup))
        && (org == null || listAllows(org.models(), modelGroup));
  }

  /** Whether the key has expired at {@code now}. */
  public boolean expired(Instant now) {
    return key.expiresAt() != null && !now.isBefore(key.expiresAt());
  }

  /** Whether the key, its team or its organization is blocked. */
  public boolean blocked() {
    return key.blocked() || (team != null && team.blocked()) || (org != null && org.blocked());
  }

  /** Whether {@code models} (empty = all) allows {@code model}, with {@code *}-suffix wildcards. */
  public static boolean listAllows(List<String> models, String model) {
    if (models.isEmpty()) {
      return true;
    }
    if (model == null) {
      return false;
    }
    for (String m : models) {
      if (m.equals(model)) {
        return true;
      }
      int last = m.length() - 1;
      if (last >= 0 && m.charAt(last) == '*' && model.startsWith(m.substring(0, last))) {
        return true;
      }
    }
    return false;
  }
}
